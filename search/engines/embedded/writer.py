"""Writing the embedded index: incremental upserts and deletes, and the full rebuild."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from itertools import chain

from ...documents import SearchDocument
from ...registry import kind_names, prime_facet_labels
from ..base import Progress, batched, check_kind
from .prepare import PREPARE_BATCH, prepare, prepare_batch, worker_init
from .schema import SEQ_SPAN, drop, fts_table, key_of, keyed_facet, schema
from .suggest import SuggestMixin

logger = logging.getLogger("search.engines.embedded")
REBUILD_BATCH = 1000


class WriterMixin(SuggestMixin):
    def _delete_rid(self, conn, rid: int, kind: str) -> None:
        conn.execute(f"DELETE FROM {fts_table(kind)} WHERE rowid = ?", (rid,))  # noqa: S608
        conn.execute("DELETE FROM facet WHERE rid = ?", (rid,))
        conn.execute("DELETE FROM geo WHERE rid = ?", (rid,))
        conn.execute("DELETE FROM docs WHERE rid = ?", (rid,))
        self._suggest_delete(conn, rid)

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
        if nxt >= lo + SEQ_SPAN:  # a block with a million documents: find a hole
            rows = conn.execute("SELECT rid FROM docs WHERE rid BETWEEN ? AND ?", (lo, lo + SEQ_SPAN - 1))
            used = {r for (r,) in rows}
            nxt = next(r for r in range(lo + 1, lo + SEQ_SPAN) if r not in used)
        if seqs is not None:
            seqs[base] = nxt
        return nxt

    @staticmethod
    def _write_rows(conn, rows: list[tuple[int, tuple]], bulk: bool = False) -> None:
        """Insert prepared rows. ``bulk`` (a rebuild): the points are left to ``_finish_bulk``."""
        keyed = keyed_facet()
        keyed_name = keyed.name if keyed else None
        docs, facets, geo = [], [], []
        fts: dict[str, list] = {}
        suggestions = []
        for rid, (doc_id, kind, lat, lng, data, title, summary, body, facet_pairs, (url, entries)) in rows:
            fk = "\t".join(f"{f}={v}" for f, v in facet_pairs)
            docs.append((rid, doc_id, kind, lat, lng, fk, data))
            fts.setdefault(kind, []).append((rid, title, summary, body))
            # Keyed-facet filters are rowid ranges and its counts come from ``fk``: the
            # facet table only holds the others (it would hold five area rows a document).
            facets.extend((f, v, rid) for f, v in facet_pairs if f != keyed_name)
            if lat is not None and lng is not None:
                geo.append((rid, lat, lat, lng, lng))
            if entries:
                suggestions.append((rid, kind, url, entries))
        conn.executemany("INSERT INTO docs(rid, id, kind, lat, lng, fk, data) VALUES (?, ?, ?, ?, ?, ?, ?)", docs)
        for kind, fts_rows in fts.items():
            conn.executemany(
                f"INSERT INTO {fts_table(kind)}(rowid, title, summary, body) VALUES (?, ?, ?, ?)",  # noqa: S608
                fts_rows,
            )
        if facets:
            conn.executemany("INSERT OR IGNORE INTO facet(f, v, rid) VALUES (?, ?, ?)", facets)
        SuggestMixin._suggest_write(conn, suggestions)
        if geo and not bulk:
            conn.executemany("INSERT INTO geo(rid, lat0, lat1, lng0, lng1) VALUES (?, ?, ?, ?, ?)", geo)

    def _upsert(self, conn, doc: SearchDocument, keyed) -> None:
        check_kind(doc)
        base = key_of(keyed.values(doc), keyed) if keyed else 0
        row = conn.execute("SELECT rid, kind FROM docs WHERE id = ?", (doc.id,)).fetchone()
        rid = None
        if row is not None:
            old_rid, old_kind = row
            self._delete_rid(conn, old_rid, old_kind)
            if old_rid // SEQ_SPAN == base:
                rid = old_rid
        if rid is None:
            rid = self._allocate(conn, base, None)
        self._write_rows(conn, [(rid, prepare(doc))])

    def index(self, docs: Iterable[SearchDocument]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        prime_facet_labels(docs)
        keyed = keyed_facet()
        with self._writing() as conn:
            for doc in docs:
                self._upsert(conn, doc, keyed)
        return len(docs)

    def delete(self, ids: Iterable[str]) -> int:
        ids = [str(i) for i in ids]
        if not ids:
            return 0
        removed = 0
        with self._writing() as conn:
            for doc_id in ids:
                row = conn.execute("SELECT rid, kind FROM docs WHERE id = ?", (doc_id,)).fetchone()
                if row is not None:
                    self._delete_rid(conn, *row)
                    removed += 1
        return removed

    def clear(self) -> None:
        conn = self._writable_connection()
        with self._write_lock, self._transaction(conn):
            for stmt in drop(conn):
                conn.execute(stmt)
            for stmt in schema():
                conn.execute(stmt)
            self._mark_built(conn, 0)
        self._df.clear()

    def rebuild(self, docs: Iterable[SearchDocument], progress: Progress | None = None, workers: int = 1) -> int:
        """Replace the whole index in one transaction; readers see the old one until it commits.

        With ``workers > 1`` the documents are read and analysed in other processes
        (a producer and that many analysis workers, each loading the segmenter once;
        see ``parallel.py``) while this process writes.
        """
        pool = None
        if workers > 1:
            from django.db import connections

            if any(c.in_atomic_block for c in connections.all(initialized_only=True)):
                # forking would need the connections closed, which would end the caller's transaction
                logger.info("search rebuild inside a transaction: analysing in this process")
                workers = 1
        if workers > 1:
            from ..parallel import ParallelPrepared

            connections.close_all()
            pool = ParallelPrepared(docs, workers, prepare_batch, worker_init, PREPARE_BATCH)
            prepared = iter(pool)
        else:
            prepared = chain.from_iterable(map(prepare_batch, batched(docs, PREPARE_BATCH)))
        conn = self._writable_connection()
        try:
            with self._write_lock:
                conn.execute("PRAGMA synchronous=OFF")
                try:
                    with self._transaction(conn):
                        count = self._load(conn, prepared, progress)
                finally:
                    conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("ANALYZE")
        finally:
            if pool is not None:
                pool.stop()
        self._df.clear()
        return count

    def _load(self, conn, prepared, progress: Progress | None) -> int:
        """Inside the rebuild's transaction: recreate the tables and load ``prepared``."""
        kinds = set(kind_names())
        for stmt in drop(conn):
            conn.execute(stmt)
        for stmt in schema():
            if "INDEX" not in stmt:  # secondary indexes are built once, after the load
                conn.execute(stmt.replace("id TEXT NOT NULL UNIQUE", "id TEXT NOT NULL"))
        for kind in kinds:
            conn.execute(f"INSERT INTO {fts_table(kind)}({fts_table(kind)}, rank) VALUES ('automerge', 0)")  # noqa: S608
        count = 0
        seqs: dict[int, int] = {}
        seen: set[str] = set()
        batch: list[tuple[int, tuple]] = []
        for row in prepared:
            doc_id, kind = row[0], row[1]
            if kind not in kinds:
                raise ValueError(f"unknown kind {kind!r}")
            if doc_id in seen:
                logger.warning("search rebuild: duplicate document id %s skipped", doc_id)
                continue
            seen.add(doc_id)
            batch.append((self._allocate(conn, row[-1], seqs, fresh=True), row[:-1]))
            if len(batch) >= REBUILD_BATCH:
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
        conn.execute(
            "INSERT INTO geo(rid, lat0, lat1, lng0, lng1) "
            "SELECT rid, lat, lat, lng, lng FROM docs WHERE lat IS NOT NULL AND lng IS NOT NULL"
        )
        conn.execute("CREATE UNIQUE INDEX docs_id ON docs(id)")
        for stmt in schema():
            if "INDEX" in stmt:
                conn.execute(stmt)
        for kind in kinds:
            conn.execute(f"INSERT INTO {fts_table(kind)}({fts_table(kind)}) VALUES ('optimize')")  # noqa: S608
            conn.execute(f"INSERT INTO {fts_table(kind)}({fts_table(kind)}, rank) VALUES ('automerge', 4)")  # noqa: S608
        self._mark_built(conn, count)
        return count
