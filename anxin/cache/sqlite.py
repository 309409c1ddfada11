"""A Django cache backend in one SQLite file, shared by every process on the machine.

Why: a single machine runs gunicorn with several worker processes, plus ``manage.py``
commands (imports, ``search_reindex``, ``load_demo``). Django's local-memory cache is one
per process, so a publish in one process never reached the pages another process
served, and a per-process counter made rate limits inexact. Redis fixes both, but a
district should not need another server. This backend keeps the cache in a SQLite file
in WAL mode: readers never wait for the writer, a hit is one indexed ``SELECT``, and
``add``/``incr`` are single atomic statements, so counters are exact across processes
and threads.

    CACHES = {"default": {"BACKEND": "anxin.cache.sqlite.SQLiteCache",
                          "LOCATION": "/srv/anxin/var/cache.sqlite3",
                          "OPTIONS": {"MAX_ENTRIES": 20000}}}

Integers are stored as SQLite integers (so ``incr`` is ``UPDATE … SET value = value +
?``); everything else is pickled, as in Django's other backends. Each thread of each
process has its own connection (opened lazily, re-opened after a fork). Expired rows are
removed every ``CULL_EVERY`` writes of a process; past ``MAX_ENTRIES`` the rows that
expire soonest go first (rows that never expire, such as generation numbers, stay).
"""

from __future__ import annotations

import logging
import os
import pickle
import sqlite3
import threading
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

logger = logging.getLogger(__name__)

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS cache_entry (key TEXT PRIMARY KEY, value BLOB, expires REAL)",
    "CREATE INDEX IF NOT EXISTS cache_entry_expires ON cache_entry (expires) WHERE expires IS NOT NULL",
)
NOT_EXPIRED = "(expires IS NULL OR expires > ?)"


def _is_int(value) -> bool:
    return type(value) is int and -(2**63) <= value < 2**63


class SQLiteCache(BaseCache):
    pickle_protocol = pickle.HIGHEST_PROTOCOL

    def __init__(self, location: str, params: dict):
        super().__init__(params)
        self.path = Path(location)
        options = params.get("OPTIONS") or {}
        self.cull_every = int(options.get("CULL_EVERY", 500))
        self.max_bytes = int(options.get("MAX_BYTES", 256 * 1024 * 1024))
        self.busy_timeout = float(options.get("BUSY_TIMEOUT", 10))
        self._local = threading.local()
        self._writes = 0

    # --- connection -----------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        local = self._local
        pid = os.getpid()
        if getattr(local, "pid", None) != pid:
            local.pid, local.conn = pid, None  # forked: never share the parent's connection
        if local.conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
            conn.execute("PRAGMA auto_vacuum=INCREMENTAL")  # a new file gives freed pages back
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA journal_size_limit=67108864")  # the WAL shrinks back to 64 MiB
            conn.execute("PRAGMA synchronous=NORMAL")
            for statement in SCHEMA:
                conn.execute(statement)
            local.conn = conn
        return local.conn

    # --- values ---------------------------------------------------------------------
    def _encode(self, value):
        return value if _is_int(value) else sqlite3.Binary(pickle.dumps(value, self.pickle_protocol))

    @staticmethod
    def _decode(stored):
        return stored if isinstance(stored, int) else pickle.loads(stored)  # noqa: S301 - our own cache file

    def _expiry(self, timeout) -> float | None:
        return self.get_backend_timeout(timeout)  # absolute time, None = never

    # --- the cache API --------------------------------------------------------------
    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._db()
            .execute(
                "SELECT value FROM cache_entry WHERE key = ? AND (expires IS NULL OR expires > ?)", (key, time.time())
            )
            .fetchone()
        )
        return default if row is None else self._decode(row[0])

    def get_many(self, keys, version=None):
        made = {self.make_and_validate_key(k, version=version): k for k in keys}
        if not made:
            return {}
        marks = ",".join("?" * len(made))
        rows = self._db().execute(
            f"SELECT key, value FROM cache_entry WHERE key IN ({marks}) AND {NOT_EXPIRED}",  # noqa: S608 - placeholders
            (*made, time.time()),
        )
        return {made[key]: self._decode(value) for key, value in rows}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._write(
            "INSERT INTO cache_entry (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
            (key, self._encode(value), self._expiry(timeout)),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        expires = self._expiry(timeout)
        rows = [(self.make_and_validate_key(k, version=version), self._encode(v), expires) for k, v in data.items()]
        db = self._db()
        with _transaction(db):
            db.executemany(
                "INSERT INTO cache_entry (key, value, expires) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
                rows,
            )
        self._after_write(len(rows))
        return []

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Store only if the key is absent or expired; True if this call stored it (atomic)."""
        key = self.make_and_validate_key(key, version=version)
        cursor = self._write(
            "INSERT INTO cache_entry (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE cache_entry.expires IS NOT NULL AND cache_entry.expires <= ?",
            (key, self._encode(value), self._expiry(timeout), time.time()),
        )
        return cursor.rowcount == 1

    def incr(self, key, delta=1, version=None):
        """Atomic for integer values: one ``UPDATE … RETURNING`` statement."""
        made = self.make_and_validate_key(key, version=version)
        row = self._write(
            "UPDATE cache_entry SET value = value + ? WHERE key = ? AND typeof(value) = 'integer' "
            "AND (expires IS NULL OR expires > ?) RETURNING value",
            (delta, made, time.time()),
            fetch=True,
        )
        if row is not None:
            return row[0]
        db = self._db()
        with _transaction(db):  # not an integer (or absent): read and write under one write lock
            found = db.execute(
                "SELECT value FROM cache_entry WHERE key = ? AND (expires IS NULL OR expires > ?)", (made, time.time())
            ).fetchone()
            if found is None:
                raise ValueError(f"Key '{key}' not found")
            new_value = self._decode(found[0]) + delta
            db.execute("UPDATE cache_entry SET value = ? WHERE key = ?", (self._encode(new_value), made))
        return new_value

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        cursor = self._write(
            "UPDATE cache_entry SET expires = ? WHERE key = ? AND (expires IS NULL OR expires > ?)",
            (self._expiry(timeout), key, time.time()),
        )
        return cursor.rowcount == 1

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._write("DELETE FROM cache_entry WHERE key = ?", (key,)).rowcount == 1

    def delete_many(self, keys, version=None):
        made = [(self.make_and_validate_key(k, version=version),) for k in keys]
        db = self._db()
        with _transaction(db):
            db.executemany("DELETE FROM cache_entry WHERE key = ?", made)

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute(
            "SELECT 1 FROM cache_entry WHERE key = ? AND (expires IS NULL OR expires > ?)", (key, time.time())
        )
        return row.fetchone() is not None

    def clear(self):
        self._write("DELETE FROM cache_entry", ())

    # --- writes and culling ---------------------------------------------------------
    def _write(self, sql: str, params: tuple, fetch: bool = False):
        cursor = self._db().execute(sql, params)
        result = cursor.fetchone() if fetch else cursor
        self._after_write(1)
        return result

    def _after_write(self, count: int) -> None:
        self._writes += count
        if self.cull_every and self._writes >= self.cull_every:
            self._writes = 0
            try:
                self._cull()
            except sqlite3.OperationalError:  # busy: the next round will do it
                logger.debug("cache cull skipped", exc_info=True)

    def _cull(self) -> None:
        """Expired rows go; past MAX_ENTRIES rows or MAX_BYTES of values, the rows that
        expire soonest go (never the ones without expiry: generations, counters)."""
        db = self._db()
        with _transaction(db):
            db.execute("DELETE FROM cache_entry WHERE expires IS NOT NULL AND expires <= ?", (time.time(),))
            for _round in range(50):
                count, size = db.execute("SELECT count(*), coalesce(sum(length(value)), 0) FROM cache_entry").fetchone()
                excess = count - self._max_entries
                if excess <= 0 and size <= self.max_bytes:
                    break
                drop = max(excess, count // self._cull_frequency if self._cull_frequency else excess, 1)
                deleted = db.execute(
                    "DELETE FROM cache_entry WHERE key IN (SELECT key FROM cache_entry WHERE expires IS NOT NULL "
                    "ORDER BY expires LIMIT ?)",
                    (drop,),
                ).rowcount
                if not deleted:
                    break
        db.execute("PRAGMA incremental_vacuum")


class _transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
