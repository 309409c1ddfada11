"""The embedded index's tables, its row keys and its FTS5 match syntax.

Tables (built from the registered kinds and facets):

* ``docs`` — one row per document: ``rid`` (the shared rowid), ``id``, ``kind``,
  ``lat``/``lng``, ``fk`` (every facet value packed as ``name=value`` joined by tabs,
  for counting) and a JSON blob of display values; the covering index ``docs_keys``
  holds everything but the blob.
* ``fts_<kind>`` — one FTS5 table per registered kind (title, summary, body; weights
  from ``FIELD_WEIGHTS`` in ``bm25``). Separate tables keep the statistics of 500,000
  near-identical directory entries from slowing down article searches.
* ``facet`` — ``(f, v, rid)`` WITHOUT ROWID, plus an index on ``rid``: filters are
  index lookups. The *keyed* facet (below) is not in it.
* ``geo`` — an R*Tree of document points for the bounding-box prefilter.
* ``suggest``, ``suggest_doc``, ``suggest_key`` — suggestions (``suggest.py``).

Row ids are keyed on the first hierarchical facet whose positions fit (the "keyed
facet"; with China's area codes, the 12-digit code): ``rid = position * SEQ_SPAN +
seq`` where ``position`` is the hierarchy's position of the document's deepest value
(0 without one). A filter by any value of that facet, at any level, is one rowid range
that FTS5 seeks to directly, and a match list read in rowid order is in subtree order.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from itertools import combinations

from ... import registry
from ...kinds import Facet
from ..base import minimum_should_match
from . import suggest

#: bump when the layout changes: an index of another version is dropped and recreated
SCHEMA_VERSION = "7"
SEQ_SPAN = 10**6
MAX_ROWID = 2**63 - 1
_KIND_RE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def fts_table(kind: str) -> str:
    if not _KIND_RE.match(kind or "") or registry.get_kind(kind) is None:
        raise ValueError(f"unknown kind {kind!r}")
    return f"fts_{kind}"


def keyed_facet() -> Facet | None:
    """The hierarchical facet the row ids are keyed on (None: plain sequence numbers)."""
    for facet in registry.hierarchical_facets().values():
        if facet.hierarchy.max_position > 0 and facet.hierarchy.max_position * SEQ_SPAN <= MAX_ROWID:
            return facet
    return None


def schema_version() -> str:
    facet = keyed_facet()
    return f"{SCHEMA_VERSION}:{facet.name if facet else ''}"


#: What brings an index of an older layout to this one in place, keeping its documents
#: (an upgrade must not leave readers with an empty index until ``search_reindex``):
#: layout 6 → 7 only added the covering index ``docs_keys``.
UPGRADES = {"6": ["CREATE INDEX IF NOT EXISTS docs_keys ON docs(rid, lat, lng, fk)"]}


def upgrade_statements(stored: str) -> list[str] | None:
    """The statements that upgrade an index whose meta says ``stored`` (None: it must be
    rebuilt — another keyed facet, or a layout with no upgrade)."""
    old, _colon, keyed = stored.partition(":")
    if keyed != schema_version().partition(":")[2]:
        return None
    return UPGRADES.get(old)


def key_of(values: list[str], facet: Facet | None) -> int:
    """The row-id block of a document whose keyed-facet values are ``values``."""
    if facet is None or not values:
        return 0
    deepest = facet.hierarchy.deepest(values)
    return facet.hierarchy.position(deepest) or 0 if deepest is not None else 0


def key_range(value: str, facet: Facet) -> tuple[int, int] | None:
    """The rowid range holding every document keyed to ``value`` or below it."""
    span = facet.hierarchy.span(value) if facet.hierarchy.valid(value) else None
    if span is None:
        return None
    lo, hi = span
    return lo * SEQ_SPAN, hi * SEQ_SPAN + SEQ_SPAN - 1


def fts_statement(kind: str) -> str:
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts_table(kind)} USING fts5("
        "title, summary, body, detail=full, tokenize='unicode61 remove_diacritics 0')"
    )


def schema() -> list[str]:
    return [
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
        # positions and facet keys without the display blob: a search reads them for up
        # to 500 rows per kind (``INDEXED BY docs_keys``), 2x faster than the table rows
        "CREATE INDEX IF NOT EXISTS docs_keys ON docs(rid, lat, lng, fk)",
        """CREATE TABLE IF NOT EXISTS facet(
            f TEXT NOT NULL, v TEXT NOT NULL, rid INTEGER NOT NULL,
            PRIMARY KEY (f, v, rid)
        ) WITHOUT ROWID""",
        "CREATE INDEX IF NOT EXISTS facet_rid ON facet(rid)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS geo USING rtree(rid, lat0, lat1, lng0, lng1)",
        *[fts_statement(kind) for kind in registry.kind_names()],
        *suggest.STATEMENTS,
    ]


def drop(conn: sqlite3.Connection) -> list[str]:
    """Statements dropping every table of the index but ``meta`` (also kinds no longer registered)."""
    fts = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name GLOB 'fts_*' AND sql LIKE 'CREATE VIRTUAL%'"
        )
    ]
    return [
        "DROP TABLE IF EXISTS docs",
        "DROP TABLE IF EXISTS facet",
        "DROP TABLE IF EXISTS geo",
        *suggest.DROP,
        *[f"DROP TABLE IF EXISTS {name}" for name in fts if _KIND_RE.match(name[4:])],
    ]


@contextmanager
def immediate(conn: sqlite3.Connection):
    """One write transaction: BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(groups: list[tuple[str, ...]], operator: str = "and") -> str:
    """FTS5 syntax for AND (OR, or "all groups but one") of groups of alternatives;
    every token is quoted."""
    if operator == "or":
        return " OR ".join(quote(a) for a in sorted({a for alts in groups for a in alts}))
    if operator == "most" and len(groups) > 1:
        need = minimum_should_match(len(groups))
        subsets = [match_expression(list(sub)) for sub in combinations(groups, need)]
        return " OR ".join(f"({sub})" for sub in subsets)
    parts = []
    for alts in groups:
        if len(alts) == 1:
            parts.append(quote(alts[0]))
        else:
            parts.append("(" + " OR ".join(quote(a) for a in alts) + ")")
    return " AND ".join(parts)
