"""The embedded engine: SQLite FTS5 over pre-analysed text, in its own file.

No server: one SQLite file per machine (``SEARCH_EMBEDDED_PATH``), WAL mode, one
connection per thread. The tables are built from the registered kinds and facets
(``schema.py``); writing in ``writer.py``, reading in ``reader.py`` (candidates,
facets, hits), ``reads.py`` (the FTS5 reads and their tiers), ``planning.py`` (word
and facet-value counts, filters) and ``nearest.py``; the analysis of a document in
``prepare.py`` (pure, so a rebuild runs it in worker processes, see ``parallel.py``). Every write is one
``BEGIN IMMEDIATE`` transaction (``schema.immediate``).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ...query import RESULT_WINDOW, SearchQuery, SearchResults
from ..base import Engine, IndexUnavailable
from .planning import BROAD_DF
from .prepare import PREPARE_BATCH, prepare, prepare_batch
from .reader import ReaderMixin
from .schema import (
    drop,
    fts_statement,
    fts_table,
    immediate,
    match_expression,
    schema,
    schema_version,
    upgrade_statements,
)
from .writer import WriterMixin

logger = logging.getLogger("search")

__all__ = [
    "BROAD_DF",
    "PREPARE_BATCH",
    "EmbeddedEngine",
    "fts_table",
    "match_expression",
    "prepare",
    "prepare_batch",
]


@dataclass(frozen=True)
class IndexStatus:
    """What the index file holds, read without creating or changing it.

    ``state``: ``"ok"``, ``"missing"`` (no file), ``"damaged"`` (not a readable SQLite
    index), ``"unreadable"`` (permissions, I/O), ``"never_built"`` (present, but no
    ``search_reindex`` ever completed on it). ``built_at``/``built_count`` are recorded
    when a rebuild (or ``clear``) completes; ``count`` is the documents it holds now."""

    state: str
    path: str
    detail: str = ""
    count: int = 0
    built_at: str = ""
    built_count: int | None = None


def classify(exc: sqlite3.Error) -> str:
    """``"damaged"`` or ``"unreadable"`` for an SQLite error reading the index."""
    text = str(exc).lower()
    if "unable to open" in text or "readonly" in text or "disk i/o" in text or "permission" in text:
        return "unreadable"
    return "damaged"


class EmbeddedEngine(WriterMixin, ReaderMixin, Engine):
    name = "embedded"
    title = "embedded index"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._local = threading.local()
        self._df: dict[tuple, tuple[float, int]] = {}
        self._write_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings) -> EmbeddedEngine:
        return cls(settings.SEARCH_EMBEDDED_PATH)

    @classmethod
    def settings_key(cls, settings) -> tuple:
        return (str(settings.SEARCH_EMBEDDED_PATH),)

    # -- connections ------------------------------------------------------
    def _file_id(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def connection(self, create: bool = True) -> sqlite3.Connection:
        """This thread's connection. A file deleted or replaced since it was opened is
        reopened (one ``stat`` per call), so a rebuilt or removed index is noticed at
        once. Readers pass ``create=False``: a missing file raises
        :class:`IndexUnavailable` instead of being recreated empty."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            if self._file_id() == getattr(self._local, "file_id", None):
                return conn
            self.close()
        if not create and not self.path.exists():
            raise IndexUnavailable("missing", str(self.path))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, cached_statements=512)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA cache_size=-131072")
            conn.execute("PRAGMA mmap_size=1073741824")
            conn.execute("PRAGMA temp_store=MEMORY")
            self._ensure_schema(conn)
        except BaseException:
            conn.close()
            raise
        self._local.conn = conn
        self._local.file_id = self._file_id()
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- reading, with the file's faults as IndexUnavailable ------------------
    def _unavailable(self, exc: sqlite3.Error) -> IndexUnavailable:
        self.close()  # a repaired file is opened afresh by the next call
        return IndexUnavailable(classify(exc), f"{self.path}: {exc}")

    def search(self, query: SearchQuery) -> SearchResults:
        try:
            if query.is_browsable:
                self.connection(create=False)
            return super().search(query)
        except sqlite3.DatabaseError as exc:
            raise self._unavailable(exc) from exc

    def match_ids(self, query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
        try:
            if query.is_browsable and limit >= 1:
                self.connection(create=False)
            return super().match_ids(query, limit)
        except sqlite3.DatabaseError as exc:
            raise self._unavailable(exc) from exc

    def _writable_connection(self) -> sqlite3.Connection:
        """A connection for a rebuild: a damaged or unreadable file is moved aside
        (``<name>.damaged-<time>``) and a new index started in its place."""
        try:
            return self.connection()
        except sqlite3.DatabaseError as exc:
            self.close()
            aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d%H%M%S')}")
            logger.warning("search: the index %s cannot be read (%s); moved to %s and rebuilt", self.path, exc, aside)
            self.path.replace(aside)
            for extra in ("-wal", "-shm"):
                self.path.with_name(self.path.name + extra).unlink(missing_ok=True)
            return self.connection()

    @staticmethod
    def _mark_built(conn: sqlite3.Connection, count: int) -> None:
        """Record that a rebuild completed (inside its transaction): when and how many."""
        conn.executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)",
            [("built_at", datetime.now(UTC).isoformat(timespec="seconds")), ("built_count", str(count))],
        )

    def status(self) -> IndexStatus:
        """The state of the file, read through a read-only connection of its own
        (never creates, repairs or locks it; cheap: the meta table and one count)."""
        path = str(self.path)
        if not self.path.exists():
            return IndexStatus("missing", path)
        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        except sqlite3.Error as exc:
            return IndexStatus(classify(exc), path, str(exc))
        try:
            try:
                meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
                return IndexStatus("never_built", path)  # an empty SQLite file
            try:
                count = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
                count = 0
        except sqlite3.DatabaseError as exc:
            return IndexStatus(classify(exc), path, str(exc))
        finally:
            conn.close()
        built_count = meta.get("built_count")
        return IndexStatus(
            "ok" if meta.get("built_at") else "never_built",
            path,
            count=count,
            built_at=meta.get("built_at", ""),
            built_count=int(built_count) if built_count is not None else None,
        )

    _transaction = staticmethod(immediate)

    @contextmanager
    def _writing(self):
        """The write lock and one immediate transaction on this thread's connection."""
        conn = self.connection()
        with self._write_lock, immediate(conn):
            yield conn

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        """Create the tables; upgrade an index of an older layout in place when
        ``schema.UPGRADES`` can, else drop it; add the FTS table of a kind registered
        since the index was built."""
        version = schema_version()
        try:
            row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.OperationalError:
            row = None
        if row and row[0] == version:
            have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            missing = [kind for kind in self._kind_names() if fts_table(kind) not in have]
            if missing:
                with immediate(conn):
                    for kind in missing:
                        conn.execute(fts_statement(kind))
            return
        upgrade = upgrade_statements(row[0]) if row and isinstance(row[0], str) else None
        if upgrade is not None:
            with immediate(conn):
                for stmt in upgrade:
                    conn.execute(stmt)
                conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (version,))
            self._ensure_schema(conn)  # then as an index of this layout (a new kind's table)
            return
        with immediate(conn):
            if row is not None:
                for stmt in drop(conn):
                    conn.execute(stmt)
            for stmt in schema():
                conn.execute(stmt)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('schema', ?)", (version,))

    @staticmethod
    def _kind_names():
        from ...registry import kind_names

        return kind_names()

    def count(self) -> int:
        return self.connection().execute("SELECT count(*) FROM docs").fetchone()[0]

    def ids(self) -> set[str]:
        return {r[0] for r in self.connection().execute("SELECT id FROM docs")}
