"""The FTS5 reads of one kind's candidates: complete matches (exact before synonym),
the relaxed ones ("most", "or"), scored by bm25 when a word is selective."""

from __future__ import annotations

import math
from operator import itemgetter

from ...query import SearchQuery
from ..base import (
    FIELD_WEIGHTS,
    TIER_EXACT,
    TIER_GAP,
    TIER_INTENT,
    TIER_PARTIAL,
    TIER_SYNONYM,
    exact_terms,
    fts_terms,
    has_synonyms,
    remembered,
)
from . import planning
from .schema import match_expression

WEIGHTS = tuple(FIELD_WEIGHTS.values())  # title, summary, body


def rid_json(rids) -> str:
    """A JSON list of integer rowids (for ``json_each``)."""
    return "[" + ",".join(map(str, rids)) + "]"


def with_rest(complete: list[tuple[int, float]], partial: dict[int, float], intent: dict[int, float]):
    """The complete matches (keys as ``Reads.complete`` gives them), then the rows that
    match only through the query's intent, then the partial matches; best first."""
    found = dict(complete)
    keyed = list(complete)
    for rid in intent:
        if rid not in found:
            found[rid] = key = TIER_INTENT * TIER_GAP + partial.get(rid, 0.0)
            keyed.append((rid, key))
    for rid, score in partial.items():
        if rid not in found:
            keyed.append((rid, TIER_PARTIAL * TIER_GAP + score))
    keyed.sort(key=_by_key)
    return keyed


#: (rid, key) rows sort by key, then rid
_by_key = itemgetter(1, 0)


class Reads:
    """The FTS5 reads of one kind's candidates under one set of filters.

    bm25 reads, for every word of the expression, its whole posting list (the word's
    document frequency), then scores every matching row. A complete match whose
    words include a *very* common one (in more than ``planning.UNSCORED_DF`` documents of the
    kind: 心理咨询室 in 319,401 of 500,000 entries costs 12 ms to weigh) is therefore
    filtered by every word but scored by the others only, like Elasticsearch's
    ``cutoff_frequency`` common-terms query: such a word's weight,
    ``log((N - n + 0.5) / (n + 0.5))``, is small, and FTS5 gives it none at all once
    it is in half the documents. Rows are scored only when a word is selective (at
    most ``planning.BROAD_DF`` documents); otherwise they come in rowid order."""

    def __init__(self, reader, conn, kind, table, range_list, clauses, params, limit):
        self.reader, self.conn, self.kind, self.table = reader, conn, kind, table
        self.range_list, self.clauses, self.params, self.limit = range_list, clauses, params, limit

    def matching(
        self,
        expr: str,
        score_expr: str | None = None,
        limit: int | None = None,
        exclude: str | None = None,
        after: int | None = None,
    ) -> list[tuple[int, float]]:
        """Up to ``limit`` + 1 (rid, score) matching ``expr``, range by range: ordered by
        bm25 of ``score_expr`` when given, else unscored in rowid order; without the
        rowids of the JSON list ``exclude``; only rowids above ``after``."""
        limit = self.limit if limit is None else limit
        table = self.table
        rows: list[tuple[int, float]] = []
        for rng in self.range_list:
            between, bounds = (" AND rowid BETWEEN ? AND ?", list(rng)) if rng else ("", [])
            if after is not None:
                between += " AND rowid > ?"
                bounds.append(after)
            if exclude is not None:
                between += " AND +rowid NOT IN (SELECT value FROM json_each(?))"
                bounds.append(exclude)
            if score_expr is None:
                sql = f"SELECT rowid, 0.0 FROM {table} WHERE {table} MATCH ?{between}"  # noqa: S608
                args = [expr, *bounds]
            elif score_expr == expr:
                sql = f"SELECT rowid, {bm25_sql(table)} FROM {table} WHERE {table} MATCH ?{between}"  # noqa: S608
                args = [expr, *bounds]
            else:  # scored by the selective words, filtered by all ("+rowid": no per-row seek)
                sql = (
                    f"SELECT rowid, {bm25_sql(table)} FROM {table} WHERE {table} MATCH ?{between} "  # noqa: S608
                    f"AND +rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?{between})"
                )
                args = [score_expr, *bounds, expr, *bounds]
            where = "".join(f" AND {c}" for c in self.clauses)
            order = " ORDER BY 2" if score_expr is not None else ""
            found = self.conn.execute(f"{sql}{where}{order} LIMIT ?", [*args, *self.params, limit + 1 - len(rows)])
            rows.extend(found.fetchall())
            if len(rows) > limit:
                break
        if score_expr is not None and len(self.range_list) > 1:
            rows.sort(key=lambda r: r[1])
        return rows

    def _key(self, name: str, *parts) -> tuple:
        return (name, self.kind, *parts, tuple(self.range_list), tuple(self.clauses), tuple(self.params), self.limit)

    def _dfs(self, groups) -> list[int]:
        return [self.reader._df_of(self.conn, self.kind, alts) for alts in groups]

    def complete(self, query: SearchQuery) -> list[tuple[int, float]]:
        """Up to ``limit`` + 1 rows matching every word (or a synonym of it), best first,
        keyed ``tier * TIER_GAP + score``: every word as typed (exact) before the rows
        that need a synonym. Shared by the retries of one search (``remembered``)."""
        groups = fts_terms(query)
        exact = exact_terms(query) if has_synonyms(query) else None
        return remembered(self._key("complete", tuple(groups)), lambda: self._complete(groups, exact))

    def _complete(self, groups, exact) -> list[tuple[int, float]]:
        dfs = self._dfs(groups)
        expr, score_expr = match_expression(groups), None
        if min(dfs) <= planning.BROAD_DF:
            # the broad words are counted further only here, to tell the very common ones
            weighed = [
                alts
                for alts, df in zip(groups, dfs, strict=True)
                if df <= planning.BROAD_DF
                or self.reader._df_of(self.conn, self.kind, alts, planning.UNSCORED_DF) <= planning.UNSCORED_DF
            ]
            score_expr = match_expression(weighed)
        rows = self.matching(expr, score_expr)
        if exact is None or not rows:  # no synonyms: every complete match is exact
            return rows
        exact_expr = match_expression(exact)
        # Which of the window are exact matches (read in SQLite, no filter needed: the
        # window's rows passed them), then the first exact matches outside it.
        # Bounded by the window's lowest and highest rowid, so FTS5 reads no further.
        window = rid_json(rid for rid, _s in rows)
        ids = [rid for rid, _s in rows] or [0]
        exact_ids = {
            rid
            for (rid,) in self.conn.execute(
                f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH ? "  # noqa: S608
                "AND rowid BETWEEN ? AND ? AND +rowid IN (SELECT value FROM json_each(?))",
                (exact_expr, min(ids), max(ids), window),
            )
        }
        keyed = [(rid, (TIER_EXACT if rid in exact_ids else TIER_SYNONYM) * TIER_GAP + score) for rid, score in rows]
        room = self.limit - len(exact_ids)
        if len(rows) <= self.limit:
            pass  # the window holds every complete match, so every exact one
        elif score_expr is None:
            # rowid order: the window holds every match up to its last row, so the exact
            # matches outside it come after it
            outside = self.matching(exact_expr, limit=room, after=rows[-1][0])
            keyed.extend((rid, TIER_EXACT * TIER_GAP) for rid, _s in outside)
        else:
            # they rank below the window's exact rows (their score is worse than the
            # window's worst) and above its synonym-only ones
            below = math.nextafter(max((s for _r, s in rows), default=0.0), math.inf)
            outside = self.matching(exact_expr, limit=room, exclude=window)
            keyed.extend((rid, TIER_EXACT * TIER_GAP + below) for rid, _s in outside)
        keyed.sort(key=_by_key)
        return keyed[: self.limit + 1]

    def relaxed(self, query: SearchQuery) -> list[tuple[int, float]]:
        """Up to ``limit`` + 1 rows matching all words but one ("most") or any ("or"):
        scored only when every word is selective, else in rowid order."""
        groups = fts_terms(query)
        expr = match_expression(groups, query.operator)
        scored = max(self._dfs(groups)) <= planning.BROAD_DF
        return self.matching(expr, expr if scored else None)


def bm25_sql(table: str) -> str:
    return f"bm25({table}, {WEIGHTS[0]}, {WEIGHTS[1]}, {WEIGHTS[2]})"
