"""The embedded engine: SQLite FTS5 over pre-analysed text, in its own file.

Layout (see docs/search.md):

* ``docs`` — one row per document: ``rid`` (the shared rowid), ``id``, ``kind``,
  ``lat``/``lng`` and a JSON blob of display values.
* ``fts_article`` / ``fts_service`` / ``fts_event`` — one FTS5 table per kind with the
  columns title, summary, body (weights 10 / 4 / 1 in ``bm25``). Separate tables keep
  the statistics of the 500,000 near-identical directory entries from slowing down
  article searches.
* ``facet`` — ``(f, v, rid)`` WITHOUT ROWID, plus an index on ``rid``: filters are
  index lookups, facet counts one ``GROUP BY``.
* ``geo`` — an R*Tree of document points for the bounding-box prefilter; exact
  haversine distance afterwards.

Row ids are *area-keyed*: ``rid = area12 * 10**6 + seq`` where ``area12`` is the
document's most specific area code padded to 12 digits (0 when it has none). Every
area filter, at any level, is therefore one rowid range that FTS5 seeks to directly,
and a match list read in rowid order is in area order.

Very common words (more than ``BROAD_DF`` documents of a kind contain them, e.g. 心理
or 咨询室 among 500,000 consultation rooms) carry no ranking information; FTS5's bm25
would still scan their whole posting list on every query, so such queries are
answered in rowid order without bm25, reading at most ``RESULT_WINDOW`` + 1 rows.
Totals above the window are reported as "at least" (``total_relation = "gte"``) and
facets are then counted over the window, as Elasticsearch does past
``track_total_hits``.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from ..documents import KIND_ARTICLE, KIND_EVENT, KIND_SERVICE, KINDS, SearchDocument
from ..geo import bounding_box, haversine_km
from ..query import FILTER_FIELDS, RESULT_WINDOW, Hit, SearchQuery, SearchResults
from ..registry import prime_facet_labels
from .base import Engine, Progress, analysed_fields, batched, fts_terms

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "4"
WEIGHTS = (10.0, 4.0, 1.0)  # title, summary, body
BROAD_DF = 5_000
#: The widening box search for nearest matches stops once its box holds this many points.
MAX_GEO_CANDIDATES = 5_000
DF_TTL_SECONDS = 600
SEQ_SPAN = 10**6
AREA_LEVELS = (2, 4, 6, 9, 12)
KIND_ORDER = {KIND_ARTICLE: 0, KIND_EVENT: 1, KIND_SERVICE: 2}
BODY_STORE_CHARS = 4000
FACET_CODES = {
    "audience": "au",
    "topic": "to",
    "area": "ar",
    "service_kind": "sk",
    "service": "so",
}
FACET_NAMES_BY_CODE = {v: k for k, v in FACET_CODES.items()}
AREA_CODE = FACET_CODES["area"]


def fts_table(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return f"fts_{kind}"


def area12(code: str) -> int | None:
    code = (code or "").strip()
    if not code.isdigit() or not code.isascii() or len(code) > 12:
        return None
    return int(code.ljust(12, "0"))


def area_range(code: str) -> tuple[int, int] | None:
    """The rowid range holding every document keyed to ``code`` or below it."""
    code = (code or "").strip()
    if not code.isdigit() or not code.isascii() or len(code) > 12:
        return None
    lo = int(code.ljust(12, "0"))
    hi = int(code.ljust(12, "9"))
    return lo * SEQ_SPAN, hi * SEQ_SPAN + SEQ_SPAN - 1


def primary_area(doc: SearchDocument) -> int:
    best = ""
    for code in doc.areas or []:
        if area12(code) is not None and len(code) > len(best):
            best = code
    return area12(best) or 0 if best else 0


def quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(groups: list[tuple[str, ...]], operator: str = "and") -> str:
    """FTS5 syntax for AND (or OR) of groups of alternatives; every token is quoted."""
    if operator == "or":
        return " OR ".join(quote(a) for a in sorted({a for alts in groups for a in alts}))
    parts = []
    for alts in groups:
        if len(alts) == 1:
            parts.append(quote(alts[0]))
        else:
            parts.append("(" + " OR ".join(quote(a) for a in alts) + ")")
    return " AND ".join(parts)


SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)",
    """CREATE TABLE IF NOT EXISTS docs(
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        lat REAL,
        lng REAL,
        fk TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS docs_kind ON docs(kind, rid)",
    """CREATE TABLE IF NOT EXISTS facet(
        f TEXT NOT NULL, v TEXT NOT NULL, rid INTEGER NOT NULL,
        PRIMARY KEY (f, v, rid)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS facet_rid ON facet(rid)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS geo USING rtree(rid, lat0, lat1, lng0, lng1)",
    *[
        f"CREATE VIRTUAL TABLE IF NOT EXISTS fts_{kind} USING fts5("
        "title, summary, body, detail=full, tokenize='unicode61 remove_diacritics 0')"
        for kind in KINDS
    ],
]
DROP = [
    "DROP TABLE IF EXISTS docs",
    "DROP TABLE IF EXISTS facet",
    "DROP TABLE IF EXISTS geo",
    *[f"DROP TABLE IF EXISTS fts_{kind}" for kind in KINDS],
]


def prepare(doc: SearchDocument) -> tuple:
    """Everything the index stores for a document, analysed (pure; runs in workers)."""
    title, summary, body = analysed_fields(doc)
    lat = lng = None
    if doc.location:
        lat, lng = float(doc.location[0]), float(doc.location[1])
    data = {
        "title": doc.title,
        "url": doc.url,
        "summary": doc.summary or "",
        "body": (doc.body or "")[:BODY_STORE_CHARS],
        "phones": doc.phones or [],
        "payload": doc.payload or {},
        "audiences": list(doc.audiences or []),
        "topics": list(doc.topics or []),
        "areas": list(doc.areas or []),
        "service_kinds": list(doc.service_kinds or []),
        "services_offered": list(doc.services_offered or []),
        "date": doc.date.isoformat() if doc.date else None,
    }
    facets = set()
    for name, attr in FILTER_FIELDS.items():
        code = FACET_CODES[name]
        for value in getattr(doc, attr) or []:
            if value is not None and str(value) != "":
                facets.add((code, str(value).replace("\t", " ")))
    return (
        doc.id,
        doc.kind,
        lat,
        lng,
        json.dumps(data, ensure_ascii=False, default=str),
        title,
        summary,
        body,
        sorted(facets),
    )


PREPARE_BATCH = 256


def _prepare_batch(docs: list[SearchDocument]) -> list[tuple]:
    """``prepare`` for a batch, plus each document's primary area (runs in workers).

    The facet labels of the whole batch are looked up first, in one query per facet.
    """
    prime_facet_labels(docs)
    return [(*prepare(doc), primary_area(doc)) for doc in docs]


def _worker_init() -> None:
    from ..analysis import dictionaries

    dictionaries()


class EmbeddedEngine(Engine):
    name = "embedded"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._local = threading.local()
        self._df: dict[tuple[str, str], tuple[float, int]] = {}
        self._write_lock = threading.Lock()

    # -- connections ------------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, cached_statements=512)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA cache_size=-131072")
        conn.execute("PRAGMA mmap_size=1073741824")
        conn.execute("PRAGMA temp_store=MEMORY")
        self._ensure_schema(conn)
        self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.OperationalError:
            row = None
        if row and row[0] == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            if row is not None:
                for stmt in DROP:
                    conn.execute(stmt)
            for stmt in SCHEMA:
                conn.execute(stmt)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('schema', ?)", (SCHEMA_VERSION,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- writing ----------------------------------------------------------
    def _delete_rid(self, conn, rid: int, kind: str) -> None:
        conn.execute(f"DELETE FROM {fts_table(kind)} WHERE rowid = ?", (rid,))  # noqa: S608
        conn.execute("DELETE FROM facet WHERE rid = ?", (rid,))
        conn.execute("DELETE FROM geo WHERE rid = ?", (rid,))
        conn.execute("DELETE FROM docs WHERE rid = ?", (rid,))

    def _allocate(self, conn, base: int, seqs: dict[int, int] | None, fresh: bool = False) -> int:
        """The next free rowid in ``base``'s block (``fresh``: the index was emptied and
        ``seqs`` knows every block used since)."""
        lo = base * SEQ_SPAN
        if seqs is not None and base in seqs:
            nxt = seqs[base] + 1
        elif fresh:
            nxt = lo + 1
        else:
            row = conn.execute(
                "SELECT max(rid) FROM docs WHERE rid BETWEEN ? AND ?", (lo, lo + SEQ_SPAN - 1)
            ).fetchone()
            nxt = (row[0] + 1) if row and row[0] is not None else lo + 1
        if nxt >= lo + SEQ_SPAN:  # an area with a million documents: find a hole
            rows = conn.execute("SELECT rid FROM docs WHERE rid BETWEEN ? AND ?", (lo, lo + SEQ_SPAN - 1))
            used = {r for (r,) in rows}
            nxt = next(r for r in range(lo + 1, lo + SEQ_SPAN) if r not in used)
        if seqs is not None:
            seqs[base] = nxt
        return nxt

    def _insert(self, conn, doc: SearchDocument, rid: int) -> None:
        self._write_rows(conn, [(rid, prepare(doc))])

    @staticmethod
    def _write_rows(conn, rows: list[tuple[int, tuple]], bulk: bool = False) -> None:
        """Insert prepared rows. ``bulk`` (a rebuild): the points are left to ``_finish_bulk``."""
        docs, facets, geo = [], [], []
        fts: dict[str, list] = {kind: [] for kind in KINDS}
        for rid, (doc_id, kind, lat, lng, data, title, summary, body, facet_pairs) in rows:
            fk = "\t".join(f"{f}={v}" for f, v in facet_pairs)
            docs.append((rid, doc_id, kind, lat, lng, fk, data))
            fts[kind].append((rid, title, summary, body))
            # Area filters are rowid ranges and area counts come from ``fk``: the facet
            # table only needs the other facets (it would hold five area rows a document).
            facets.extend((f, v, rid) for f, v in facet_pairs if f != AREA_CODE)
            if lat is not None and lng is not None:
                geo.append((rid, lat, lat, lng, lng))
        conn.executemany("INSERT INTO docs(rid, id, kind, lat, lng, fk, data) VALUES (?, ?, ?, ?, ?, ?, ?)", docs)
        for kind, fts_rows in fts.items():
            if fts_rows:
                conn.executemany(
                    f"INSERT INTO {fts_table(kind)}(rowid, title, summary, body) VALUES (?, ?, ?, ?)",  # noqa: S608
                    fts_rows,
                )
        if facets:
            conn.executemany("INSERT OR IGNORE INTO facet(f, v, rid) VALUES (?, ?, ?)", facets)
        if geo and not bulk:
            conn.executemany("INSERT INTO geo(rid, lat0, lat1, lng0, lng1) VALUES (?, ?, ?, ?, ?)", geo)

    @staticmethod
    def _finish_bulk(conn) -> None:
        """Load the R*Tree from the documents' points in one statement."""
        conn.execute(
            "INSERT INTO geo(rid, lat0, lat1, lng0, lng1) "
            "SELECT rid, lat, lat, lng, lng FROM docs WHERE lat IS NOT NULL AND lng IS NOT NULL"
        )

    def _upsert(self, conn, doc: SearchDocument, seqs=None) -> None:
        if doc.kind not in KINDS:
            raise ValueError(f"unknown kind {doc.kind!r}")
        base = primary_area(doc)
        row = conn.execute("SELECT rid, kind FROM docs WHERE id = ?", (doc.id,)).fetchone()
        rid = None
        if row is not None:
            old_rid, old_kind = row
            self._delete_rid(conn, old_rid, old_kind)
            if old_rid // SEQ_SPAN == base:
                rid = old_rid
        if rid is None:
            rid = self._allocate(conn, base, seqs)
        self._insert(conn, doc, rid)

    def index(self, docs: Iterable[SearchDocument]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        prime_facet_labels(docs)
        conn = self.connection()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for doc in docs:
                    self._upsert(conn, doc)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return len(docs)

    def delete(self, ids: Iterable[str]) -> int:
        ids = [str(i) for i in ids]
        if not ids:
            return 0
        conn = self.connection()
        removed = 0
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for doc_id in ids:
                    row = conn.execute("SELECT rid, kind FROM docs WHERE id = ?", (doc_id,)).fetchone()
                    if row is not None:
                        self._delete_rid(conn, *row)
                        removed += 1
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return removed

    def rebuild(self, docs: Iterable[SearchDocument], progress: Progress | None = None, workers: int = 1) -> int:
        """Replace the whole index in one transaction; readers see the old one until it commits.

        With ``workers > 1`` the documents are read and analysed in other processes
        (a producer and that many analysis workers, each loading the segmenter once;
        see ``parallel.py``) while this process writes.
        """
        conn = self.connection()
        count = 0
        seqs: dict[int, int] = {}
        seen: set[str] = set()
        pool = None
        if workers > 1:
            from django.db import connections

            if any(c.in_atomic_block for c in connections.all(initialized_only=True)):
                # forking would need the connections closed, which would end the caller's transaction
                logger.info("search rebuild inside a transaction: analysing in this process")
                workers = 1
        if workers > 1:
            from .parallel import ParallelPrepared

            connections.close_all()
            pool = ParallelPrepared(docs, workers, _prepare_batch, _worker_init, PREPARE_BATCH)
            prepared = iter(pool)
        else:
            prepared = chain.from_iterable(map(_prepare_batch, batched(docs, PREPARE_BATCH)))
        with self._write_lock:
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("BEGIN IMMEDIATE")
            try:
                for stmt in DROP:
                    conn.execute(stmt)
                for stmt in SCHEMA:
                    if "INDEX" not in stmt:  # secondary indexes are built once, after the load
                        conn.execute(stmt.replace("id TEXT NOT NULL UNIQUE", "id TEXT NOT NULL"))
                for kind in KINDS:
                    conn.execute(f"INSERT INTO {fts_table(kind)}({fts_table(kind)}, rank) VALUES ('automerge', 0)")  # noqa: S608
                batch: list[tuple[int, tuple]] = []
                for row in prepared:
                    doc_id, kind = row[0], row[1]
                    if kind not in KINDS:
                        raise ValueError(f"unknown kind {kind!r}")
                    if doc_id in seen:
                        logger.warning("search rebuild: duplicate document id %s skipped", doc_id)
                        continue
                    seen.add(doc_id)
                    batch.append((self._allocate(conn, row[-1], seqs, fresh=True), row[:-1]))
                    if len(batch) >= 1000:
                        self._write_rows(conn, batch, bulk=True)
                        count += len(batch)
                        if progress is not None:
                            progress(len(batch))
                        batch = []
                if batch:
                    self._write_rows(conn, batch, bulk=True)
                    count += len(batch)
                    if progress is not None:
                        progress(len(batch))
                self._finish_bulk(conn)
                conn.execute("CREATE UNIQUE INDEX docs_id ON docs(id)")
                for stmt in SCHEMA:
                    if "INDEX" in stmt:
                        conn.execute(stmt)
                for kind in KINDS:
                    conn.execute(f"INSERT INTO {fts_table(kind)}({fts_table(kind)}) VALUES ('optimize')")  # noqa: S608
                    conn.execute(f"INSERT INTO {fts_table(kind)}({fts_table(kind)}, rank) VALUES ('automerge', 4)")  # noqa: S608
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            finally:
                conn.execute("PRAGMA synchronous=NORMAL")
                if pool is not None:
                    pool.stop()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("ANALYZE")
        self._df.clear()
        return count

    def clear(self) -> None:
        conn = self.connection()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for stmt in DROP:
                    conn.execute(stmt)
                for stmt in SCHEMA:
                    conn.execute(stmt)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        self._df.clear()

    def count(self) -> int:
        return self.connection().execute("SELECT count(*) FROM docs").fetchone()[0]

    def ids(self) -> set[str]:
        return {r[0] for r in self.connection().execute("SELECT id FROM docs")}

    # -- reading ----------------------------------------------------------
    def _df_of(self, conn, kind: str, alternatives: tuple[str, ...]) -> int:
        """Documents of ``kind`` containing any alternative (cached; planning only)."""
        key = (kind, " ".join(alternatives))
        now = time.monotonic()
        hit = self._df.get(key)
        if hit and now - hit[0] < DF_TTL_SECONDS:
            return hit[1]
        table = fts_table(kind)
        expr = match_expression([alternatives])
        n = conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT ?)",  # noqa: S608
            (expr, BROAD_DF + 1),
        ).fetchone()[0]
        if len(self._df) > 50_000:
            self._df.clear()
        self._df[key] = (now, n)
        return n

    def _filter_sql(self, query: SearchQuery, rid_col: str) -> tuple[list[str], list]:
        clauses: list[str] = []
        params: list = []
        for name, values in query.filters.items():
            if name == "area":
                continue
            code = FACET_CODES[name]
            marks = ",".join("?" * len(values))
            # only placeholders and a fixed column name are interpolated
            clauses.append(f"EXISTS (SELECT 1 FROM facet WHERE f = ? AND v IN ({marks}) AND rid = {rid_col})")  # noqa: S608
            params.extend([code, *values])
        return clauses, params

    def _ranges(self, query: SearchQuery) -> list[tuple[int, int]] | None:
        areas = query.filters.get("area")
        if not areas:
            return None
        ranges = sorted({r for r in (area_range(a) for a in areas) if r})
        return ranges

    def _candidates(self, conn, kind: str, query: SearchQuery, limit: int) -> tuple[list[tuple[int, float]], bool]:
        """Up to ``limit`` (rid, score) of ``kind``; second value True if more matched."""
        groups = fts_terms(query)
        ranges = self._ranges(query)
        if ranges == []:  # an area filter with no valid code matches nothing
            return [], False
        clauses, params = self._filter_sql(query, "rowid" if groups else "docs.rid")
        rows: list[tuple[int, float]] = []
        range_list = ranges or [None]
        if groups:
            table = fts_table(kind)
            # bm25 reads the whole posting list of every term on each call, so only
            # queries whose every word is selective are ranked; the others are read in
            # rowid (area) order and stop after the window.
            dfs = [self._df_of(conn, kind, alts) for alts in groups]
            rank = (max(dfs) if query.operator == "or" else min(dfs)) <= BROAD_DF
            score = f"bm25({table}, {WEIGHTS[0]}, {WEIGHTS[1]}, {WEIGHTS[2]})" if rank else "0.0"
            order = "ORDER BY 2" if rank else ""
            expr = match_expression(groups, query.operator)
            for rng in range_list:
                where = [f"{table} MATCH ?"]
                args: list = [expr]
                if rng:
                    where.append("rowid BETWEEN ? AND ?")
                    args.extend(rng)
                where.extend(clauses)
                args.extend(params)
                sql = f"SELECT rowid, {score} FROM {table} WHERE {' AND '.join(where)} {order} LIMIT ?"  # noqa: S608
                rows.extend(conn.execute(sql, [*args, limit + 1 - len(rows)]).fetchall())
                if len(rows) > limit:
                    break
            if rank and len(range_list) > 1:
                rows.sort(key=lambda r: r[1])
        else:
            for rng in range_list:
                where = ["docs.kind = ?"]
                args = [kind]
                if rng:
                    where.append("docs.rid BETWEEN ? AND ?")
                    args.extend(rng)
                where.extend(clauses)
                args.extend(params)
                sql = f"SELECT docs.rid, 0.0 FROM docs WHERE {' AND '.join(where)} ORDER BY docs.rid LIMIT ?"  # noqa: S608
                rows.extend(conn.execute(sql, [*args, limit + 1 - len(rows)]).fetchall())
                if len(rows) > limit:
                    break
        more = len(rows) > limit
        return rows[:limit], more

    def _nearest(self, conn, kinds: list[str], query: SearchQuery, need: int) -> list[tuple[int, float]]:
        """The ``need`` nearest matching located documents: widen a box until enough match."""
        lat, lng = query.near
        groups = fts_terms(query)
        expr = match_expression(groups, query.operator) if groups else None
        ranges = self._ranges(query)
        clauses, params = self._filter_sql(query, "rowid" if groups else "docs.rid")
        verified: dict[tuple[str, int], set[int]] = {}
        max_radius = query.radius_km or 20_000
        radius = min(2.0, max_radius)
        while True:
            box = bounding_box(lat, lng, radius)
            cands = conn.execute(
                "SELECT d.rid, d.kind, d.lat, d.lng FROM geo g JOIN docs d ON d.rid = g.rid "
                "WHERE g.lat0 >= ? AND g.lat1 <= ? AND g.lng0 >= ? AND g.lng1 <= ?",
                (box[0] - 1e-4, box[1] + 1e-4, box[2] - 1e-4, box[3] + 1e-4),
            ).fetchall()
            inside = []
            for rid, kind, dlat, dlng in cands:
                if kind not in kinds:
                    continue
                if ranges and not any(lo <= rid <= hi for lo, hi in ranges):
                    continue
                d = haversine_km(lat, lng, dlat, dlng)
                if d <= radius:
                    inside.append((d, rid, kind))
            # verify text and filters county by county (one rowid range each)
            by_block: dict[tuple[str, int], list[int]] = {}
            for _d, rid, kind in inside:
                by_block.setdefault((kind, rid // (SEQ_SPAN * 10**6)), []).append(rid)
            for key in by_block:
                if key in verified:
                    continue
                kind, block = key
                lo, hi = block * SEQ_SPAN * 10**6, (block + 1) * SEQ_SPAN * 10**6 - 1
                if expr:
                    table = fts_table(kind)
                    where = [f"{table} MATCH ?", "rowid BETWEEN ? AND ?", *clauses]
                    sql = f"SELECT rowid FROM {table} WHERE {' AND '.join(where)}"  # noqa: S608
                    args = [expr, lo, hi, *params]
                else:
                    where = ["docs.kind = ?", "docs.rid BETWEEN ? AND ?", *clauses]
                    sql = f"SELECT docs.rid FROM docs WHERE {' AND '.join(where)}"  # noqa: S608
                    args = [kind, lo, hi, *params]
                verified[key] = {r for (r,) in conn.execute(sql, args)}
            matches = sorted((d, rid) for d, rid, kind in inside if rid in verified[(kind, rid // (SEQ_SPAN * 10**6))])
            # Stop when enough match, or when the box holds so many documents that
            # widening further would cost more than it helps (sparse matches far away):
            # the caller then merges these with the window's located matches.
            if len(matches) >= need or radius >= max_radius or len(cands) > MAX_GEO_CANDIDATES:
                return [(rid, d) for d, rid in matches[:need]]
            radius = min(max_radius, radius * 2.5)

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(query=query, engine=self.name)
        if not query.is_browsable:
            return results
        conn = self.connection()
        window = RESULT_WINDOW
        per_kind: dict[str, list[tuple[int, float]]] = {}
        truncated: dict[str, bool] = {}
        for kind in KINDS:
            rows, more = self._candidates(conn, kind, query, window)
            per_kind[kind] = rows
            truncated[kind] = more
            results.kind_counts[kind] = len(rows)
        if query.near is not None and query.radius_km:
            self._apply_radius(conn, query, per_kind)
            for kind in KINDS:
                results.kind_counts[kind] = len(per_kind[kind])
        selected = [query.kind] if query.kind in KINDS else list(KINDS)
        results.total = sum(len(per_kind[k]) for k in selected)
        if any(truncated[k] for k in selected):
            results.total_relation = "gte"
        merged: list[tuple[float, int, int]] = []
        for kind in selected:
            order = KIND_ORDER[kind]
            merged.extend((score, order, rid) for rid, score in per_kind[kind])
        rids = [rid for _s, _o, rid in merged]
        results.facets = self._facets(conn, rids, query)

        distances: dict[int, float] = {}
        if query.near is not None:
            ordered = self._order_by_distance(conn, query, selected, merged, truncated, distances)
        else:
            merged.sort()
            ordered = [rid for _s, _o, rid in merged]
        page = ordered[query.offset : query.offset + query.per_page]
        scores = {rid: s for s, _o, rid in merged}
        results.hits = self._load_hits(conn, page, scores, distances, query)
        return results

    def match_ids(self, query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
        if not query.is_browsable or limit < 1:
            return []
        conn = self.connection()
        merged: list[tuple[float, int, int]] = []
        for kind in [query.kind] if query.kind in KINDS else list(KINDS):
            rows, _more = self._candidates(conn, kind, query, limit)
            merged.extend((score, KIND_ORDER[kind], rid) for rid, score in rows)
        merged.sort()
        rids = [rid for _s, _o, rid in merged[:limit]]
        if not rids:
            return []
        found = dict(
            conn.execute(
                "SELECT rid, id FROM docs WHERE rid IN (SELECT value FROM json_each(?))", (json.dumps(rids),)
            ).fetchall()
        )
        return [found[rid] for rid in rids if rid in found]

    def _apply_radius(self, conn, query: SearchQuery, per_kind: dict[str, list[tuple[int, float]]]) -> None:
        lat, lng = query.near
        for kind, rows in per_kind.items():
            positions = self._positions(conn, [rid for rid, _s in rows])
            per_kind[kind] = [
                (rid, score)
                for rid, score in rows
                if rid in positions and haversine_km(lat, lng, *positions[rid]) <= query.radius_km
            ]

    def _order_by_distance(self, conn, query, selected, merged, truncated, distances) -> list[int]:
        lat, lng = query.near
        need = min(RESULT_WINDOW, query.offset + query.per_page)
        rids = [rid for _s, _o, rid in merged]
        located: list[tuple[float, int]] = []
        unlocated: list[tuple[float, int, int]] = []
        positions = self._positions(conn, rids)
        for score, order, rid in merged:
            pos = positions.get(rid)
            if pos is None:
                unlocated.append((score, order, rid))
            else:
                d = haversine_km(lat, lng, *pos)
                distances[rid] = d
                located.append((d, rid))
        geo_kinds = [k for k in selected if truncated[k] and k != KIND_ARTICLE]  # articles have no place
        if geo_kinds:
            # the window is only part of the matches: ask the R*Tree for the nearest ones
            nearest = self._nearest(conn, geo_kinds, query, need)
            distances.update(dict(nearest))
            seen = {rid for rid, _d in nearest}
            located = [(d, rid) for rid, d in nearest] + [(d, rid) for d, rid in located if rid not in seen]
        located.sort()
        unlocated.sort()
        return [rid for _d, rid in located] + [rid for _s, _o, rid in unlocated]

    def _positions(self, conn, rids: list[int]) -> dict[int, tuple[float, float]]:
        if not rids:
            return {}
        rows = conn.execute(
            "SELECT rid, lat, lng FROM docs WHERE rid IN (SELECT value FROM json_each(?)) AND lat IS NOT NULL",
            (json.dumps(rids),),
        ).fetchall()
        return {rid: (lat, lng) for rid, lat, lng in rows}

    def _facets(self, conn, rids: list[int], query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_CODES}
        if not rids:
            return facets
        rows = conn.execute(
            "SELECT fk FROM docs WHERE rid IN (SELECT value FROM json_each(?))", (json.dumps(rids),)
        ).fetchall()
        counts = Counter(chain.from_iterable(fk.split("\t") for (fk,) in rows if fk))
        areas: dict[int, list[tuple[str, int]]] = {}
        for item, n in counts.items():
            name = FACET_NAMES_BY_CODE.get(item[:2])
            v = item[3:]
            if name == "area":
                areas.setdefault(len(v), []).append((v, n))
            elif name:
                facets[name].append((v, n))
        facets["area"] = pick_area_level(areas, query.filters.get("area"))
        for name in facets:
            facets[name].sort(key=lambda item: (-item[1], item[0]))
            facets[name] = facets[name][:50]
        return facets

    def _load_hits(self, conn, rids: list[int], scores, distances, query) -> list[Hit]:
        if not rids:
            return []
        rows = conn.execute(
            "SELECT rid, id, kind, lat, lng, data FROM docs WHERE rid IN (SELECT value FROM json_each(?))",
            (json.dumps(rids),),
        ).fetchall()
        by_rid = {row[0]: row for row in rows}
        hits = []
        for rid in rids:
            row = by_rid.get(rid)
            if row is None:
                continue
            _rid, doc_id, kind, lat, lng, data = row
            data = json.loads(data)
            hits.append(
                Hit(
                    id=doc_id,
                    kind=kind,
                    title=data.get("title", ""),
                    url=data.get("url", ""),
                    summary=data.get("summary", ""),
                    body=data.get("body", ""),
                    score=-float(scores.get(rid, 0.0) or 0.0),
                    distance_km=distances.get(rid),
                    location=(lat, lng) if lat is not None else None,
                    date=data.get("date"),
                    phones=data.get("phones") or [],
                    payload=data.get("payload") or {},
                    audiences=data.get("audiences") or [],
                    topics=data.get("topics") or [],
                    areas=data.get("areas") or [],
                )
            )
        return hits


def pick_area_level(areas: dict[int, list[tuple[str, int]]], selected: list[str] | None) -> list[tuple[str, int]]:
    """Area facet values one level below the selected area, or the first level that splits."""
    if not areas:
        return []
    if selected:
        deepest = max(len(a) for a in selected)
        deeper = [lvl for lvl in AREA_LEVELS if lvl > deepest and lvl in areas]
        if not deeper:
            return []
        prefixes = tuple(selected)
        return [(v, n) for v, n in areas[deeper[0]] if v.startswith(prefixes)]
    levels = [lvl for lvl in sorted(areas) if lvl in AREA_LEVELS]
    for lvl in levels:
        if len(areas[lvl]) > 1:
            return list(areas[lvl])
    return list(areas[levels[-1]]) if levels else []
