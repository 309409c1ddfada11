"""The PostgreSQL engine: one index in the site's database, shared by every machine.

The embedded index is a file per machine; with several app machines on one
PostgreSQL and no Elasticsearch, a publish on one would never reach the others'
search. This engine keeps the index in the table ``search_pg_document`` (migrations
``search.0002``/``0003``, PostgreSQL only), partitioned by kind (``schema.py``):

* ``tsv`` — a ``tsvector`` of the same pre-analysed tokens the other engines rank,
  built here (not by a PostgreSQL parser) under weights A = title, B = summary, D =
  body and facet labels, ranked with ``ts_rank`` weights {D 0.1, C 0.2, B 0.4, A 1.0} —
  the embedded engine's 10 : 4 : 1 — plus every facet value (``area=310114``) as a
  lexeme without position, so text and filters are one GIN lookup.
* ``facets`` — the same values as ``text[]``, counted with ``unnest`` over the windows.
* ``lat``/``lng`` with a B-tree: a bounding box, then the exact haversine distance.

A search is one statement (``reader.py``; two or three with ``near``). Writes go
through Django's connection and run in its transactions; a rebuild replaces every row
in one transaction (readers see the old index until it commits).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import chain

from django.db import connections, transaction

from ...documents import SearchDocument
from ...query import RESULT_WINDOW, SearchQuery, SearchResults
from ..base import (
    TIER_INTENT,
    TIER_PARTIAL,
    Engine,
    Progress,
    batched,
    finish_facets,
    kind_names,
    located_kinds,
    make_hit,
    selected_kinds,
    tier_of,
)
from . import reader, schema, suggest
from .schema import (
    INSERT,
    SMALL_KIND,
    TABLE,
    create_partitions,
    kind_sizes,
    lexeme,
    missing_partitions,
    prepare,
    prepare_batch,
    tsquery_literal,
    tsvector_literal,
    worker_init,
)

__all__ = ["PostgresEngine", "lexeme", "prepare", "tsquery_literal", "tsvector_literal"]

MAX_GEO_CANDIDATES = 5_000
BATCH = 500


class PostgresEngine(Engine):
    name = "postgres"
    title = "PostgreSQL search index"
    shared = True

    def __init__(self, using: str = "default"):
        self.using = using

    @classmethod
    def from_settings(cls, settings) -> PostgresEngine:
        return cls(getattr(settings, "SEARCH_POSTGRES_DATABASE", "default"))

    @classmethod
    def settings_key(cls, settings) -> tuple:
        return (getattr(settings, "SEARCH_POSTGRES_DATABASE", "default"),)

    def _cursor(self):
        connection = connections[self.using]
        if connection.vendor != "postgresql":
            raise RuntimeError(f"the postgres search engine needs a PostgreSQL database ({self.using!r} is not)")
        return connection.cursor()

    # -- writing ------------------------------------------------------------
    def index(self, docs: Iterable[SearchDocument]) -> int:
        rows = prepare_batch(list(docs))
        if not rows:
            return 0
        with transaction.atomic(using=self.using), self._cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [[r[0] for r in rows]])  # noqa: S608
            cur.executemany(INSERT, [r[:-1] for r in rows])
            suggest.delete(cur, [r[0] for r in rows])
            suggest.write(cur, [s for r in rows for s in r[-1]])
        return len(rows)

    def delete(self, ids: Iterable[str]) -> int:
        ids = [str(i) for i in ids]
        if not ids:
            return 0
        with transaction.atomic(using=self.using), self._cursor() as cur:
            suggest.delete(cur, ids)
            cur.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [ids])  # noqa: S608
            return cur.rowcount

    def clear(self) -> None:
        with transaction.atomic(using=self.using), self._cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608
            suggest.clear(cur)

    def count(self) -> int:
        with self._cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
            return cur.fetchone()[0]

    def rebuild(self, docs: Iterable[SearchDocument], progress: Progress | None = None, workers: int = 1) -> int:
        """Replace every row in one transaction (creating a partition for every
        registered kind that has none); with ``workers > 1`` the documents are analysed
        in other processes (``parallel.py``) while this one writes. Then ``VACUUM
        ANALYZE`` (``ANALYZE`` inside a surrounding transaction)."""
        pool = None
        in_transaction = any(c.in_atomic_block for c in connections.all(initialized_only=True))
        if workers > 1 and not in_transaction:
            from ..parallel import ParallelPrepared

            connections.close_all()
            pool = ParallelPrepared(docs, workers, prepare_batch, worker_init, BATCH)
            prepared = iter(pool)
        else:
            prepared = chain.from_iterable(map(prepare_batch, batched(docs, BATCH)))
        count = 0
        seen: set[str] = set()
        try:
            with transaction.atomic(using=self.using), self._cursor() as cur:
                cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608
                suggest.clear(cur)
                create_partitions(cur, missing_partitions(cur, kind_names()))
                for batch in batched(prepared, BATCH):
                    batch = [row for row in batch if row[0] not in seen and not seen.add(row[0])]
                    cur.executemany(INSERT, [r[:-1] for r in batch])
                    suggest.write(cur, [s for r in batch for s in r[-1]])
                    count += len(batch)
                    if progress is not None:
                        progress(len(batch))
        finally:
            if pool is not None:
                pool.stop()
        schema._sizes = (0.0, {})
        with self._cursor() as cur:
            verb = "ANALYZE" if connections[self.using].in_atomic_block else "VACUUM ANALYZE"
            cur.execute(f"{verb} {TABLE}")
            cur.execute(f"{verb} {suggest.TABLE}")
        return count

    def suggest(self, q: str, limit: int, kind: str | None = None) -> list:
        with self._cursor() as cur:
            return suggest.suggest(cur, q, limit, kind)

    # -- reading ------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(query=query, engine=self.name)
        if not query.is_browsable:
            return results
        limit = RESULT_WINDOW
        counts: dict[str, int] = {}
        counted: dict[str, list[tuple[str, int]]] = {}
        window: list[tuple[float, int, int, str]] = []  # (score, tie order, rid, kind) in merged order
        distances: dict[tuple[str, int], float] = {}
        page_rows = []
        with self._cursor() as cur:
            cur.execute(*reader.search_sql(query, limit, self._small(cur)))
            for part, kind, key, n, s, o, lat, lng, data in cur.fetchall():
                if part == 0:
                    counts[kind] = n
                elif part == 1:
                    name, _eq, value = key.partition("=")
                    counted.setdefault(name, []).append((value, n))
                elif query.near is None:
                    page_rows.append((s, o, n, kind, key, lat, lng, data))
                else:
                    window.append((s, o, n, kind))
                    if lat is not None:
                        distances[(kind, n)] = lat
            results.kind_counts = {k: min(counts.get(k, 0), limit) for k in kind_names()}
            selected = selected_kinds(query)
            results.total = sum(results.kind_counts[k] for k in selected)
            truncated = {k: counts.get(k, 0) > limit for k in kind_names()}
            if any(truncated[k] for k in selected):
                results.total_relation = "gte"
            results.facets = finish_facets(counted, query)
            if query.near is None:
                page_rows.sort()
                results.hits = [
                    self._hit(kind, doc_id, s, lat, lng, data) for s, _o, _r, kind, doc_id, lat, lng, data in page_rows
                ]
                return results
            window.sort()
            keys = self._by_distance(
                cur, query, selected, [(k, rid) for _s, _o, rid, k in window], truncated, distances
            )
            page = keys[query.offset : query.offset + query.per_page]
            scores = {(k, rid): s for s, _o, rid, k in window}
            results.hits = self._hits(cur, page, scores, distances)
        return results

    def match_ids(self, query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
        if not query.is_browsable or limit < 1:
            return []
        with self._cursor() as cur:
            cur.execute(*reader.match_ids_sql(query, limit, self._small(cur)))
            return [doc_id for (doc_id,) in cur.fetchall()]

    @staticmethod
    def _small(cur) -> frozenset[str]:
        """Kinds whose matches are read through their GIN index (``search_pg_match``)."""
        return frozenset(kind for kind, rows in kind_sizes(cur).items() if rows <= SMALL_KIND)

    def _by_distance(self, cur, query, selected, keys, truncated, distances) -> list[tuple[str, int]]:
        """Located matches nearest first (the window's, and the nearest beyond it), then the rest."""
        need = min(RESULT_WINDOW, query.offset + query.per_page)
        for kind in selected:
            if truncated[kind] and kind in located_kinds():
                distances.update(((kind, rid), d) for rid, d in self._nearest(cur, kind, query, need).items())
        located = sorted((d, key) for key, d in distances.items())
        return [key for _d, key in located] + [key for key in keys if key not in distances]

    def _nearest(self, cur, kind: str, query: SearchQuery, need: int) -> dict[int, float]:
        """The ``need`` nearest matches of ``kind``: a widening box on the indexed lat/lng."""
        max_radius = query.radius_km or 20_000
        radius = min(2.0, max_radius)
        while True:
            cur.execute(*reader.nearest_sql(query, kind, radius, MAX_GEO_CANDIDATES + 1))
            rows = cur.fetchall()
            found = [(rid, d) for rid, d in rows if d <= radius]
            if len(found) >= need or radius >= max_radius or len(rows) > MAX_GEO_CANDIDATES:
                return dict(found[:need])
            radius = min(max_radius, radius * 2.5)

    def _hits(self, cur, keys: list[tuple[str, int]], scores, distances) -> list:
        if not keys:
            return []
        cur.execute(*reader.hits_sql(keys))
        by_key = {(row[0], row[2]): row for row in cur.fetchall()}
        hits = []
        for key in keys:
            if key in by_key:
                kind, doc_id, _rid, lat, lng, data = by_key[key]
                hits.append(self._hit(kind, doc_id, scores.get(key, 0.0), lat, lng, data, distances.get(key)))
        return hits

    @staticmethod
    def _hit(kind, doc_id, score, lat, lng, data, distance=None):
        data = json.loads(data) if isinstance(data, str) else data
        location = (lat, lng) if lat is not None else None
        score = score or 0.0
        tier = tier_of(score)
        return make_hit(
            doc_id,
            kind,
            data,
            score=-score,
            distance=distance,
            location=location,
            partial=tier == TIER_PARTIAL,
            intent=tier == TIER_INTENT,
        )
