"""The PostgreSQL engine: one index in the site's database, shared by every machine.

The embedded index is a file per machine; with several app machines on one
PostgreSQL and no Elasticsearch, a publish on one would never reach the others'
search. This engine keeps the index in the table ``search_pg_document`` (created by
migration ``search.0002`` on PostgreSQL only):

* ``tsv`` — a ``tsvector`` of the same pre-analysed tokens the other engines rank,
  built here (not by a PostgreSQL parser: every token is a lexeme as it is, with its
  position) under weights A = title, B = summary, D = body and facet labels, ranked
  with ``ts_rank`` weights {D 0.1, C 0.2, B 0.4, A 1.0} — the embedded engine's
  10 : 4 : 1. A GIN index serves ``tsv @@ query``.
* ``facets`` — every facet value as ``name=value`` (hierarchical facets carry every
  ancestor), GIN-indexed: a filter is ``facets && ARRAY[…]``; counts are one
  ``GROUP BY`` over ``unnest(facets)`` of the result window.
* ``lat``/``lng`` with a B-tree: distance is a bounding box on them, then the exact
  haversine distance in SQL; the nearest matches come from a widening box.

Like the embedded engine it reads at most ``RESULT_WINDOW`` + 1 matches per kind and
ranks only queries whose matches are few (``BROAD``): ``ts_rank`` reads every matching
row's vector. Writes go through Django's connection and run in its transactions; a
rebuild replaces every row in one transaction (readers see the old index until it
commits).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import chain

from django.db import connections, transaction

from ..documents import SearchDocument
from ..geo import EARTH_RADIUS_KM, bounding_box
from ..query import RESULT_WINDOW, SearchQuery, SearchResults
from ..registry import prime_facet_labels
from .base import (
    Engine,
    Progress,
    analysed_fields,
    batched,
    check_kind,
    facet_values,
    finish_facets,
    fts_terms,
    kind_names,
    located_kinds,
    make_hit,
    selected_kinds,
    stored_display,
    tie_orders,
)

TABLE = "search_pg_document"
BROAD = 2_000
MAX_GEO_CANDIDATES = 5_000
BATCH = 500
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B, A
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 255
COLUMNS = "id, kind, tsv, facets, lat, lng, data"
INSERT = f"INSERT INTO {TABLE} ({COLUMNS}) VALUES (%s, %s, %s::tsvector, %s, %s, %s, %s::jsonb)"  # noqa: S608
DISTANCE = (
    f"(2 * {EARTH_RADIUS_KM} * asin(least(1.0, sqrt(power(sin(radians(lat - %s) / 2), 2) + "
    "cos(radians(%s)) * cos(radians(lat)) * power(sin(radians(lng - %s) / 2), 2)))))"
)


def lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(fields: Iterable[tuple[str, str]]) -> str:
    """``'word':1A,4A 'other':2B`` from (analysed text, weight) pairs, in order."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for text, weight in fields:
        for token in text.split():
            pos = min(pos + 1, MAX_POSITION)
            token = token[:500]
            seen = positions.setdefault(token, [])
            if len(seen) < MAX_POSITIONS_PER_LEXEME:
                seen.append(f"{pos}{weight}")
    return " ".join(f"{lexeme(tok)}:{','.join(ps)}" for tok, ps in positions.items())


def tsquery_literal(groups: list[tuple[str, ...]], operator: str = "and") -> str:
    if operator == "or":
        return " | ".join(lexeme(a) for a in sorted({a for alts in groups for a in alts}))
    return " & ".join("(" + " | ".join(lexeme(a) for a in alts) + ")" for alts in groups)


def prepare(doc: SearchDocument) -> tuple:
    """The row for ``doc`` (pure; runs in the rebuild's worker processes)."""
    check_kind(doc)
    title, summary, body = analysed_fields(doc)
    lat = lng = None
    if doc.location:
        lat, lng = float(doc.location[0]), float(doc.location[1])
    facets = [f"{name}={value}" for name, values in facet_values(doc).items() for value in values]
    tsv = tsvector_literal([(title, "A"), (summary, "B"), (body, "D")])
    return (doc.id, doc.kind, tsv, facets, lat, lng, json.dumps(stored_display(doc), ensure_ascii=False, default=str))


def prepare_batch(docs: list[SearchDocument]) -> list[tuple]:
    prime_facet_labels(docs)
    return [prepare(doc) for doc in docs]


def worker_init() -> None:
    from ..analysis import dictionaries

    dictionaries()


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
            cur.executemany(INSERT, rows)
        return len(rows)

    def delete(self, ids: Iterable[str]) -> int:
        ids = [str(i) for i in ids]
        if not ids:
            return 0
        with transaction.atomic(using=self.using), self._cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [ids])  # noqa: S608
            return cur.rowcount

    def clear(self) -> None:
        with transaction.atomic(using=self.using), self._cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608

    def count(self) -> int:
        with self._cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
            return cur.fetchone()[0]

    def rebuild(self, docs: Iterable[SearchDocument], progress: Progress | None = None, workers: int = 1) -> int:
        """Replace every row in one transaction; with ``workers > 1`` the documents are
        analysed in other processes (``parallel.py``) while this one writes."""
        pool = None
        if workers > 1 and not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
            from .parallel import ParallelPrepared

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
                for batch in batched(prepared, BATCH):
                    batch = [row for row in batch if row[0] not in seen and not seen.add(row[0])]
                    cur.executemany(INSERT, batch)
                    count += len(batch)
                    if progress is not None:
                        progress(len(batch))
        finally:
            if pool is not None:
                pool.stop()
        with self._cursor() as cur:
            cur.execute(f"ANALYZE {TABLE}")
        return count

    # -- reading ------------------------------------------------------------
    @staticmethod
    def _where(query: SearchQuery, kind: str, tsquery: str | None) -> tuple[list[str], list]:
        where, args = ["kind = %s"], [kind]
        if tsquery:
            where.append("tsv @@ %s::tsquery")
            args.append(tsquery)
        for name, values in query.filters.items():
            where.append("facets && %s::text[]")
            args.append([f"{name}={v}" for v in values])
        if query.near is not None and query.radius_km:
            lat, lng = query.near
            box = bounding_box(lat, lng, query.radius_km)
            where.append(f"lat BETWEEN %s AND %s AND lng BETWEEN %s AND %s AND {DISTANCE} <= %s")
            args.extend([*box, lat, lat, lng, query.radius_km])
        return where, args

    def _candidates(self, cur, kind: str, query: SearchQuery, limit: int) -> tuple[list[tuple[int, float]], bool]:
        """Up to ``limit`` (rid, score) of ``kind`` best first (score: lower is better)."""
        groups = fts_terms(query)
        tsquery = tsquery_literal(groups, query.operator) if groups else None
        where, args = self._where(query, kind, tsquery)
        sql_where = " AND ".join(where)
        rank = False
        if tsquery:
            count_sql = f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {sql_where} LIMIT %s) s"  # noqa: S608
            cur.execute(count_sql, [*args, BROAD + 1])
            rank = cur.fetchone()[0] <= BROAD
        if rank:
            score, order = f"-ts_rank('{RANK_WEIGHTS}', tsv, %s::tsquery)", "ORDER BY 2, 1"
            args = [tsquery, *args]
        else:
            score, order = "0.0", "" if tsquery else "ORDER BY rid"
        cur.execute(f"SELECT rid, {score} FROM {TABLE} WHERE {sql_where} {order} LIMIT %s", [*args, limit + 1])  # noqa: S608
        rows = [(rid, float(s)) for rid, s in cur.fetchall()]
        return rows[:limit], len(rows) > limit

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(query=query, engine=self.name)
        if not query.is_browsable:
            return results
        per_kind: dict[str, list[tuple[int, float]]] = {}
        truncated: dict[str, bool] = {}
        with self._cursor() as cur:
            for kind in kind_names():
                per_kind[kind], truncated[kind] = self._candidates(cur, kind, query, RESULT_WINDOW)
                results.kind_counts[kind] = len(per_kind[kind])
            selected = selected_kinds(query)
            results.total = sum(len(per_kind[k]) for k in selected)
            if any(truncated[k] for k in selected):
                results.total_relation = "gte"
            orders = tie_orders()
            merged = sorted((s, orders[k], rid) for k in selected for rid, s in per_kind[k])
            rids = [rid for _s, _o, rid in merged]
            results.facets = self._facets(cur, rids, query)
            distances: dict[int, float] = {}
            if query.near is not None:
                rids = self._by_distance(cur, query, selected, rids, truncated, distances)
            page = rids[query.offset : query.offset + query.per_page]
            scores = {rid: s for s, _o, rid in merged}
            results.hits = self._hits(cur, page, scores, distances)
        return results

    def match_ids(self, query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
        if not query.is_browsable or limit < 1:
            return []
        orders = tie_orders()
        with self._cursor() as cur:
            merged = []
            for kind in selected_kinds(query):
                rows, _more = self._candidates(cur, kind, query, limit)
                merged.extend((s, orders[kind], rid) for rid, s in rows)
            rids = [rid for _s, _o, rid in sorted(merged)[:limit]]
            cur.execute(f"SELECT rid, id FROM {TABLE} WHERE rid = ANY(%s)", [rids])  # noqa: S608
            found = dict(cur.fetchall())
        return [found[rid] for rid in rids if rid in found]

    @staticmethod
    def _facets(cur, rids: list[int], query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
        counted: dict[str, list[tuple[str, int]]] = {}
        if rids:
            cur.execute(
                f"SELECT f, count(*) FROM {TABLE}, unnest(facets) AS f WHERE rid = ANY(%s) GROUP BY f",  # noqa: S608
                [rids],
            )
            for item, n in cur.fetchall():
                name, _eq, value = item.partition("=")
                counted.setdefault(name, []).append((value, n))
        return finish_facets(counted, query)

    def _by_distance(self, cur, query, selected, rids, truncated, distances) -> list[int]:
        """Located matches nearest first (the window's, and the nearest beyond it), then the rest."""
        lat, lng = query.near
        cur.execute(
            f"SELECT rid, {DISTANCE} FROM {TABLE} WHERE rid = ANY(%s) AND lat IS NOT NULL",  # noqa: S608
            [lat, lat, lng, rids],
        )
        distances.update(dict(cur.fetchall()))
        geo_kinds = [k for k in selected if truncated[k] and k in located_kinds()]
        need = min(RESULT_WINDOW, query.offset + query.per_page)
        for kind in geo_kinds:
            distances.update(self._nearest(cur, kind, query, need))
        located = sorted((d, rid) for rid, d in distances.items())
        rest = [rid for rid in rids if rid not in distances]
        return [rid for _d, rid in located] + rest

    def _nearest(self, cur, kind: str, query: SearchQuery, need: int) -> dict[int, float]:
        """The ``need`` nearest matches of ``kind``: a widening box on the indexed lat/lng."""
        lat, lng = query.near
        groups = fts_terms(query)
        where, args = self._where(query, kind, tsquery_literal(groups, query.operator) if groups else None)
        max_radius = query.radius_km or 20_000
        radius = min(2.0, max_radius)
        while True:
            box = bounding_box(lat, lng, radius)
            cur.execute(
                f"SELECT rid, {DISTANCE} AS d FROM {TABLE} WHERE {' AND '.join(where)} "  # noqa: S608
                "AND lat BETWEEN %s AND %s AND lng BETWEEN %s AND %s ORDER BY d LIMIT %s",
                [lat, lat, lng, *args, *box, MAX_GEO_CANDIDATES + 1],
            )
            rows = cur.fetchall()
            found = [(rid, d) for rid, d in rows if d <= radius]
            if len(found) >= need or radius >= max_radius or len(rows) > MAX_GEO_CANDIDATES:
                return dict(found[:need])
            radius = min(max_radius, radius * 2.5)

    @staticmethod
    def _hits(cur, rids: list[int], scores, distances) -> list:
        if not rids:
            return []
        cur.execute(f"SELECT rid, id, kind, lat, lng, data FROM {TABLE} WHERE rid = ANY(%s)", [rids])  # noqa: S608
        by_rid = {row[0]: row for row in cur.fetchall()}
        hits = []
        for rid in rids:
            if rid not in by_rid:
                continue
            _rid, doc_id, kind, lat, lng, data = by_rid[rid]
            data = json.loads(data) if isinstance(data, str) else data
            location = (lat, lng) if lat is not None else None
            hits.append(
                make_hit(
                    doc_id, kind, data, score=-scores.get(rid, 0.0), distance=distances.get(rid), location=location
                )
            )
        return hits
