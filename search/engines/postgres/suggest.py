"""Suggestions in the PostgreSQL engine (keys and ranking: ``search/suggest.py``).

``search_pg_suggest`` (migration ``search.0004``) holds one row per document, term and
key; a typed prefix is the exact key's best rows, then one range of the ``(key, rank)``
B-tree (``COLLATE "C"``), at most ``CANDIDATES`` rows each. How many documents share a
term is counted among those rows (distinct documents).
"""

from __future__ import annotations

from collections import defaultdict

from ...suggest import Suggestion, entries, prefix_upper, query_key, rank, static_rank

TABLE = "search_pg_suggest"
CANDIDATES = 200
INSERT = f"INSERT INTO {TABLE} (doc_id, field, kind, term, url, key, rank) VALUES (%s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
_SELECT = f"SELECT rank, term, field, kind, url, doc_id FROM {TABLE} WHERE "  # noqa: S608


def rows_of(doc) -> list[tuple]:
    """The suggestion rows of a document (pure; runs in the rebuild's workers)."""
    return [
        (doc.id, field, doc.kind, term, doc.url if field == "title" else "", key, static_rank(cls, field, doc.kind))
        for field, term, keys in entries(doc)
        for key, cls in keys
    ]


def delete(cur, ids: list[str]) -> None:
    cur.execute(f"DELETE FROM {TABLE} WHERE doc_id = ANY(%s)", [ids])  # noqa: S608


def clear(cur) -> None:
    cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608


def write(cur, rows: list[tuple]) -> None:
    if rows:
        cur.executemany(INSERT, rows)


def suggest(cur, q: str, limit: int, kind: str | None = None) -> list[Suggestion]:
    key = query_key(q)
    if not key:
        return []
    where_kind, args = ("AND kind = %s ", [kind]) if kind else ("", [])
    cur.execute(_SELECT + "key = %s " + where_kind + "ORDER BY rank LIMIT %s", [key, *args, CANDIDATES])
    exact = cur.fetchall()
    cur.execute(
        _SELECT + "key > %s AND key < %s " + where_kind + "ORDER BY key, rank LIMIT %s",
        [key, prefix_upper(key), *args, CANDIDATES],
    )
    found, docs, urls = [], defaultdict(set), {}
    for is_exact, rows in ((True, exact), (False, cur.fetchall())):
        for rank_, term, field, kind_, url, doc_id in rows:
            ident = (field, kind_, term)
            docs[ident].add(doc_id)
            urls[ident] = url if urls.get(ident, url) == url else ""
            cls = rank_ // 1000
            found.append((ident, cls, is_exact and cls in (0, 2, 4)))
    return rank(
        [
            Suggestion(term, kind_, field, urls[(field, kind_, term)], len(docs[(field, kind_, term)]), cls, ex)
            for (field, kind_, term), cls, ex in found
        ],
        limit,
    )
