"""Suggestions in the embedded index (see ``search/suggest.py`` for keys and ranking).

* ``suggest`` — one row per distinct (field, kind, term): the term, a URL when one
  document offers it (a title), ``n`` the number of documents offering it;
* ``suggest_doc`` — which documents offer which terms (``rid`` → ``sid``), so deleting
  a document lowers ``n`` and removes a term nobody offers any more;
* ``suggest_key`` — ``(key, rank, sid)`` WITHOUT ROWID: a typed prefix is one range of
  the primary key, read in key then rank order, at most ``CANDIDATES`` rows (plus the
  exact key's best rows), then ranked in Python.
"""

from __future__ import annotations

from ...suggest import Suggestion, prefix_upper, query_key, rank, static_rank, term_keys

#: rows read per lookup (the exact key, then the prefix range)
CANDIDATES = 200

STATEMENTS = [
    """CREATE TABLE IF NOT EXISTS suggest(
        sid INTEGER PRIMARY KEY AUTOINCREMENT,
        field TEXT NOT NULL, kind TEXT NOT NULL, term TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '', n INTEGER NOT NULL DEFAULT 1,
        UNIQUE (field, kind, term)
    )""",
    """CREATE TABLE IF NOT EXISTS suggest_doc(
        rid INTEGER NOT NULL, sid INTEGER NOT NULL, PRIMARY KEY (rid, sid)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS suggest_key(
        key TEXT NOT NULL, rank INTEGER NOT NULL, sid INTEGER NOT NULL, PRIMARY KEY (key, rank, sid)
    ) WITHOUT ROWID""",
]
DROP = [f"DROP TABLE IF EXISTS {name}" for name in ("suggest", "suggest_doc", "suggest_key")]

_UPSERT = (
    "INSERT INTO suggest(field, kind, term, url, n) VALUES (?, ?, ?, ?, 1) "
    "ON CONFLICT(field, kind, term) DO UPDATE SET n = n + 1, "
    "url = CASE WHEN url = excluded.url THEN url ELSE '' END RETURNING sid, n"
)
_SELECT = "SELECT k.rank, s.term, s.field, s.kind, s.url, s.n FROM suggest_key k JOIN suggest s ON s.sid = k.sid WHERE "


class SuggestMixin:
    @staticmethod
    def _suggest_write(conn, rows: list[tuple[int, str, str, list]]) -> None:
        """``rows``: (rid, kind, url, entries) of documents just written."""
        for rid, kind, url, entries in rows:
            for field, term, keys in entries:
                sid, n = conn.execute(_UPSERT, (field, kind, term, url if field == "title" else "")).fetchone()
                conn.execute("INSERT OR IGNORE INTO suggest_doc(rid, sid) VALUES (?, ?)", (rid, sid))
                if n == 1:
                    conn.executemany(
                        "INSERT OR IGNORE INTO suggest_key(key, rank, sid) VALUES (?, ?, ?)",
                        [(key, static_rank(cls, field, kind), sid) for key, cls in keys],
                    )

    @staticmethod
    def _suggest_delete(conn, rid: int) -> None:
        sids = [r[0] for r in conn.execute("SELECT sid FROM suggest_doc WHERE rid = ?", (rid,))]
        if not sids:
            return
        conn.execute("DELETE FROM suggest_doc WHERE rid = ?", (rid,))
        for sid in sids:
            row = conn.execute(
                "UPDATE suggest SET n = n - 1 WHERE sid = ? RETURNING n, field, kind, term", (sid,)
            ).fetchone()
            if row is None or row[0] > 0:
                continue
            _n, field, kind, term = row
            conn.executemany(
                "DELETE FROM suggest_key WHERE key = ? AND rank = ? AND sid = ?",
                [(key, static_rank(cls, field, kind), sid) for key, cls in term_keys(term)],
            )
            conn.execute("DELETE FROM suggest WHERE sid = ?", (sid,))

    def suggest(self, q: str, limit: int, kind: str | None = None) -> list[Suggestion]:
        key = query_key(q)
        if not key:
            return []
        conn = self.connection(create=False)
        where_kind, args = ("AND s.kind = ? ", (kind,)) if kind else ("", ())
        rows = conn.execute(
            _SELECT + "k.key = ? " + where_kind + "ORDER BY k.rank LIMIT ?",
            (key, *args, CANDIDATES),
        ).fetchall()
        found = [_suggestion(row, exact=True) for row in rows]
        rows = conn.execute(
            _SELECT + "k.key > ? AND k.key < ? " + where_kind + "LIMIT ?",
            (key, prefix_upper(key), *args, CANDIDATES),
        ).fetchall()
        found.extend(_suggestion(row, exact=False) for row in rows)
        return rank(found, limit)


def _suggestion(row, exact: bool) -> Suggestion:
    rank_, term, field, kind, url, n = row
    cls = rank_ // 1000
    # an exact key of a later word ("contains") is not an exact match of the term
    return Suggestion(term, kind, field, url, n, cls, exact and cls in (0, 2, 4))
