"""The embedded engine: SQLite FTS5 over pre-analysed text, in its own file.

No server: one SQLite file per machine (``SEARCH_EMBEDDED_PATH``), WAL mode, one
connection per thread. The tables are built from the registered kinds and facets
(``schema.py``); writing in ``writer.py``, reading in ``reader.py`` and
``nearest.py``; the analysis of a document in ``prepare.py`` (pure, so a rebuild
runs it in worker processes, see ``parallel.py``). Every write is one
``BEGIN IMMEDIATE`` transaction (``schema.immediate``).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

from ..base import Engine
from .prepare import PREPARE_BATCH, prepare, prepare_batch
from .reader import BROAD_DF, ReaderMixin
from .schema import drop, fts_statement, fts_table, immediate, match_expression, schema, schema_version
from .writer import WriterMixin

__all__ = [
    "BROAD_DF",
    "PREPARE_BATCH",
    "EmbeddedEngine",
    "fts_table",
    "match_expression",
    "prepare",
    "prepare_batch",
]


class EmbeddedEngine(WriterMixin, ReaderMixin, Engine):
    name = "embedded"
    title = "embedded index"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._local = threading.local()
        self._df: dict[tuple[str, str], tuple[float, int]] = {}
        self._write_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings) -> EmbeddedEngine:
        return cls(settings.SEARCH_EMBEDDED_PATH)

    @classmethod
    def settings_key(cls, settings) -> tuple:
        return (str(settings.SEARCH_EMBEDDED_PATH),)

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

    _transaction = staticmethod(immediate)

    @contextmanager
    def _writing(self):
        """The write lock and one immediate transaction on this thread's connection."""
        conn = self.connection()
        with self._write_lock, immediate(conn):
            yield conn

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        """Create the tables (dropping an index of another layout); add the FTS table of
        a kind registered since the index was built."""
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
