"""Reading the embedded index: candidates per kind, facets, distance order, hits.

Very common words (more than ``BROAD_DF`` documents of a kind contain them, e.g. 心理
or 咨询室 among 500,000 consultation rooms) carry little ranking information; FTS5's bm25
would still scan their whole posting list on every query, so such queries are
answered in rowid order without bm25, reading at most ``RESULT_WINDOW`` + 1 rows.
Totals above the window are reported as "at least" (``total_relation = "gte"``) and
facets are then counted over the window, as Elasticsearch does past
``track_total_hits``.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from operator import itemgetter

from ...geo import distance_from, haversine_km
from ...query import RESULT_WINDOW, Hit, SearchQuery, SearchResults
from ..base import (
    FIELD_WEIGHTS,
    TIER_EXACT,
    TIER_GAP,
    TIER_INTENT,
    TIER_PARTIAL,
    TIER_SYNONYM,
    exact_terms,
    finish_facets,
    fts_terms,
    has_synonyms,
    intents_for,
    kind_names,
    located_kinds,
    make_hit,
    remembered,
    selected_kinds,
    tier_of,
)
from ..base import tie_orders as kind_tie_orders
from .nearest import nearest
from .schema import fts_table, key_range, keyed_facet, match_expression

#: A query is ranked (bm25) only when one of its words is in at most this many
#: documents of the kind: the PostgreSQL engine's bound too (``postgres.reader.BROAD``),
#: and what keeps bm25's per-row cost within the 12 ms p95 at 520,000 documents
#: (5,000 let a word in 3,400 of 20,000 articles cost 7 ms; docs/benchmarks.md).
BROAD_DF = 2_000
#: Words in more documents of a kind than this filter complete matches but are not
#: weighed in their score (see ``_Reads``).
UNSCORED_DF = 50_000
DF_TTL_SECONDS = 600
#: A facet filter whose value is on at most this many documents of the kind is read as
#: one set (``+rowid IN (…)``) rather than looked up for every text match (``EXISTS``):
#: 2,028 students' articles filter 谈心室's matches in 1.5 ms instead of 4.7; 100,000
#: elders' services would cost 23 ms to gather, where the lookups cost 2. Counting up
#: to the bound costs a first search of a value ≤ 0.4 ms a kind (then cached).
FACET_SET_MAX = 5_000
WEIGHTS = tuple(FIELD_WEIGHTS.values())  # title, summary, body


def _json(rids) -> str:
    """A JSON list of integer rowids (for ``json_each``)."""
    return "[" + ",".join(map(str, rids)) + "]"


def _with_rest(complete: list[tuple[int, float]], partial: dict[int, float], intent: dict[int, float]):
    """The complete matches (keys as ``_Reads.complete`` gives them), then the rows that
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


class _Reads:
    """The FTS5 reads of one kind's candidates under one set of filters.

    bm25 reads, for every word of the expression, its whole posting list (the word's
    document frequency), then scores every matching row. A complete match whose
    words include a *very* common one (in more than ``UNSCORED_DF`` documents of the
    kind: 心理咨询室 in 319,401 of 500,000 entries costs 12 ms to weigh) is therefore
    filtered by every word but scored by the others only, like Elasticsearch's
    ``cutoff_frequency`` common-terms query: such a word's weight,
    ``log((N - n + 0.5) / (n + 0.5))``, is small, and FTS5 gives it none at all once
    it is in half the documents. Rows are scored only when a word is selective (at
    most ``BROAD_DF`` documents); otherwise they come in rowid order."""

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
                sql = f"SELECT rowid, {_bm25(table)} FROM {table} WHERE {table} MATCH ?{between}"  # noqa: S608
                args = [expr, *bounds]
            else:  # scored by the selective words, filtered by all ("+rowid": no per-row seek)
                sql = (
                    f"SELECT rowid, {_bm25(table)} FROM {table} WHERE {table} MATCH ?{between} "  # noqa: S608
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
        if min(dfs) <= BROAD_DF:
            # the broad words are counted further only here, to tell the very common ones
            weighed = [
                alts
                for alts, df in zip(groups, dfs, strict=True)
                if df <= BROAD_DF or self.reader._df_of(self.conn, self.kind, alts, UNSCORED_DF) <= UNSCORED_DF
            ]
            score_expr = match_expression(weighed)
        rows = self.matching(expr, score_expr)
        if exact is None or not rows:  # no synonyms: every complete match is exact
            return rows
        exact_expr = match_expression(exact)
        # Which of the window are exact matches (read in SQLite, no filter needed: the
        # window's rows passed them), then the first exact matches outside it.
        # Bounded by the window's lowest and highest rowid, so FTS5 reads no further.
        window = _json(rid for rid, _s in rows)
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
        scored = max(self._dfs(groups)) <= BROAD_DF
        return self.matching(expr, expr if scored else None)


def _bm25(table: str) -> str:
    return f"bm25({table}, {WEIGHTS[0]}, {WEIGHTS[1]}, {WEIGHTS[2]})"


class ReaderMixin:
    def _df_of(self, conn, kind: str, alternatives: tuple[str, ...], cap: int | None = None) -> int:
        """Documents of ``kind`` containing any alternative, counted up to ``cap`` + 1
        (``BROAD_DF`` by default; cached; planning only)."""
        cap = BROAD_DF if cap is None else cap
        key = (kind, " ".join(alternatives), cap)
        now = time.monotonic()
        hit = self._df.get(key)
        if hit and now - hit[0] < DF_TTL_SECONDS:
            return hit[1]
        table = fts_table(kind)
        n = conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT ?)",  # noqa: S608
            (match_expression([alternatives]), cap + 1),
        ).fetchone()[0]
        if len(self._df) > 50_000:
            self._df.clear()
        self._df[key] = (now, n)
        return n

    def _filter_sql(self, query: SearchQuery, rid_col: str, conn=None, kind: str | None = None) -> tuple[list, list]:
        """SQL conditions for the query's facet filters (the keyed facet excepted: it is
        rowid ranges, ``_ranges``). Given ``conn`` and ``kind``, a value on few documents
        of the kind is one set within the kind's rowid span; otherwise one lookup a row."""
        keyed = keyed_facet()
        clauses: list[str] = []
        params: list = []
        for name, values in query.filters.items():
            if keyed is not None and name == keyed.name:
                continue
            marks = ",".join("?" * len(values))
            # only placeholders and a fixed column name are interpolated
            if kind is not None and self._facet_df(conn, kind, name, tuple(values)) <= FACET_SET_MAX:
                clauses.append(
                    f"+{rid_col} IN (SELECT rid FROM facet WHERE f = ? AND v IN ({marks}) AND rid BETWEEN "  # noqa: S608
                    "(SELECT min(rid) FROM docs WHERE kind = ?) AND (SELECT max(rid) FROM docs WHERE kind = ?))"
                )
                params.extend([name, *values, kind, kind])
            else:
                clauses.append(f"EXISTS (SELECT 1 FROM facet WHERE f = ? AND v IN ({marks}) AND rid = {rid_col})")  # noqa: S608
                params.extend([name, *values])
        return clauses, params

    def _facet_df(self, conn, kind: str, name: str, values: tuple[str, ...]) -> int:
        """Facet rows of ``name`` in ``values`` within ``kind``'s rowid span, counted up to
        ``FACET_SET_MAX`` + 1 (cached; planning only: a stale count costs time, not rows)."""
        key = ("facet", kind, name, values)
        now = time.monotonic()
        hit = self._df.get(key)
        if hit and now - hit[0] < DF_TTL_SECONDS:
            return hit[1]
        marks = ",".join("?" * len(values))
        n = conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM facet WHERE f = ? AND v IN ({marks}) AND rid BETWEEN "  # noqa: S608
            "(SELECT min(rid) FROM docs WHERE kind = ?) AND (SELECT max(rid) FROM docs WHERE kind = ?) LIMIT ?)",
            (name, *values, kind, kind, FACET_SET_MAX + 1),
        ).fetchone()[0]
        if len(self._df) > 50_000:
            self._df.clear()
        self._df[key] = (now, n)
        return n

    @staticmethod
    def _ranges(query: SearchQuery) -> list[tuple[int, int]] | None:
        keyed = keyed_facet()
        values = query.filters.get(keyed.name) if keyed else None
        if not values:
            return None
        return sorted({r for r in (key_range(v, keyed) for v in values) if r})

    def _candidates(
        self, conn, kind: str, query: SearchQuery, limit: int, ranked: bool = True
    ) -> tuple[list[tuple[int, float]], bool]:
        """Up to ``limit`` (rid, sort key) of ``kind``, best first; second value True if
        more matched. Keys are ``tier * TIER_GAP + score`` when the query is ``tiered``.

        ``ranked=False`` (a tab's count only): the same number of rows, in rowid order,
        unscored, without the tier passes. The tiers' extra reads only add rows already
        matched (exact and complete matches are matches of the query), so the count —
        ``min(matches, limit)`` — is the same."""
        groups = fts_terms(query)
        ranges = self._ranges(query)
        if ranges == []:  # a keyed-facet filter with no valid value matches nothing
            return [], False
        if groups:
            clauses, params = self._filter_sql(query, "rowid", conn, kind)
        else:
            clauses, params = self._filter_sql(query, "docs.rid")
        rows: list[tuple[int, float]] = []
        range_list = ranges or [None]
        if groups:
            table = fts_table(kind)
            reads = _Reads(self, conn, kind, table, range_list, clauses, params, limit)
            intent = self._intent_rows(conn, kind, query, range_list, limit)
            if not ranked:
                rows = reads.matching(match_expression(groups, query.operator))
                if intent:  # a tab's count: the facet value's documents count too
                    found = dict(rows)
                    for rid, score in intent.items():
                        found.setdefault(rid, score)
                    rows = sorted(found.items())
            elif query.operator == "and":
                rows = reads.complete(query)
                if intent:
                    rows = _with_rest(rows, {}, intent)
            else:
                rows = _with_rest(reads.complete(query), dict(reads.relaxed(query)), intent)
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

    def _intent_rows(self, conn, kind: str, query: SearchQuery, range_list, limit) -> dict[int, float]:
        """Up to ``limit`` + 1 rows of ``kind`` having a facet value the query names
        (``intents_for``), under the same filters, in rowid order; score 0 (no text)."""
        keyed = keyed_facet()
        pairs = [(f, v) for f, v in intents_for(query, kind) if keyed is None or f != keyed.name]
        if not pairs:
            return {}
        clauses, params = self._filter_sql(query, "fi.rid")
        where = ["docs.kind = ?", "(" + " OR ".join("(fi.f = ? AND fi.v = ?)" for _p in pairs) + ")"]
        args: list = [kind, *(x for pair in pairs for x in pair)]

        def read() -> dict[int, float]:
            found: dict[int, float] = {}
            for rng in range_list:
                extra, extra_args = (["fi.rid BETWEEN ? AND ?"], list(rng)) if rng else ([], [])
                sql = (
                    "SELECT DISTINCT fi.rid, 0.0 FROM facet AS fi JOIN docs ON docs.rid = fi.rid "  # noqa: S608
                    f"WHERE {' AND '.join([*where, *extra, *clauses])} ORDER BY fi.rid LIMIT ?"
                )
                found.update(conn.execute(sql, [*args, *extra_args, *params, limit + 1 - len(found)]).fetchall())
                if len(found) > limit:
                    break
            return found

        key = ("intent", kind, tuple(args), tuple(range_list), tuple(clauses), tuple(params), limit)
        return remembered(key, read)

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(query=query, engine=self.name)
        if not query.is_browsable:
            return results
        conn = self.connection()
        kinds = kind_names()
        per_kind: dict[str, list[tuple[int, float]]] = {}
        truncated: dict[str, bool] = {}
        selected = selected_kinds(query)
        # The tabs of the kinds not shown only need their counts, unless a radius
        # filters them by distance below.
        count_only = query.near is None or not query.radius_km
        for kind in kinds:
            ranked = kind in selected or not count_only
            rows, more = self._candidates(conn, kind, query, RESULT_WINDOW, ranked=ranked)
            per_kind[kind] = rows
            truncated[kind] = more
            results.kind_counts[kind] = len(rows)
        if query.near is not None and query.radius_km:
            self._apply_radius(conn, query, per_kind)
            for kind in kinds:
                results.kind_counts[kind] = len(per_kind[kind])
        results.total = sum(len(per_kind[k]) for k in selected)
        if any(truncated[k] for k in selected):
            results.total_relation = "gte"
        orders = kind_tie_orders()
        merged: list[tuple[float, int, int]] = []
        for kind in selected:
            merged.extend((score, orders[kind], rid) for rid, score in per_kind[kind])
        results.facets = self._facets(conn, [rid for _s, _o, rid in merged], query)

        distances: dict[int, float] = {}
        if query.near is not None:
            ordered = self._order_by_distance(conn, query, selected, merged, truncated, distances, per_kind)
        else:
            merged.sort()
            ordered = [rid for _s, _o, rid in merged]
        page = ordered[query.offset : query.offset + query.per_page]
        scores = {rid: s for s, _o, rid in merged}
        results.hits = self._load_hits(conn, page, scores, distances)
        return results

    def match_ids(self, query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
        if not query.is_browsable or limit < 1:
            return []
        conn = self.connection()
        orders = kind_tie_orders()
        merged: list[tuple[float, int, int]] = []
        for kind in selected_kinds(query):
            rows, _more = self._candidates(conn, kind, query, limit)
            merged.extend((score, orders[kind], rid) for rid, score in rows)
        merged.sort()
        rids = [rid for _s, _o, rid in merged[:limit]]
        if not rids:
            return []
        found = dict(
            conn.execute("SELECT rid, id FROM docs WHERE rid IN (SELECT value FROM json_each(?))", (_json(rids),))
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

    def _order_by_distance(self, conn, query, selected, merged, truncated, distances, per_kind) -> list[int]:
        """The window's rids nearest first (only the first ``need`` are in order when the
        R*Tree answered: the page never reaches past them)."""
        need = min(RESULT_WINDOW, query.offset + query.per_page)
        geo_kinds = [k for k in selected if truncated[k] and k in located_kinds()]
        found: list[tuple[int, float]] = []
        if geo_kinds:
            # the window is only part of the matches: ask the R*Tree for the nearest ones
            found = nearest(conn, geo_kinds, query, need, self._ranges(query), self._filter_sql)
            distances.update(dict(found))
        skip: set[int] = set()
        if len(found) >= need and query.offset + query.per_page <= need:
            # The ``need`` nearest matches of those kinds: every other match of theirs in
            # the window is farther (or outside the box, farther still), so it cannot
            # reach the first ``need`` places — no need to look up its distance.
            skip = {rid for kind in geo_kinds for rid, _s in per_kind[kind]}
        seen = {rid for rid, _d in found} | skip
        located: list[tuple[float, int]] = [(d, rid) for rid, d in found]
        unlocated: list[tuple[float, int, int]] = []
        rest = [item for item in merged if item[2] not in seen]
        positions = self._positions(conn, [rid for _s, _o, rid in rest])
        distance = distance_from(*query.near)
        for score, order, rid in rest:
            pos = positions.get(rid)
            if pos is None:
                unlocated.append((score, order, rid))
            else:
                d = distance(*pos)
                distances[rid] = d
                located.append((d, rid))
        located.sort()
        unlocated.sort()
        return [rid for _d, rid in located] + [rid for _s, _o, rid in unlocated]

    @staticmethod
    def _positions(conn, rids: list[int]) -> dict[int, tuple[float, float]]:
        if not rids:
            return {}
        rows = conn.execute(
            "SELECT rid, lat, lng FROM docs INDEXED BY docs_keys "
            "WHERE rid IN (SELECT value FROM json_each(?)) AND lat IS NOT NULL",
            (_json(rids),),
        ).fetchall()
        return {rid: (lat, lng) for rid, lat, lng in rows}

    @staticmethod
    def _facets(conn, rids: list[int], query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
        counted: dict[str, list[tuple[str, int]]] = {}
        if rids:
            # every row's keys joined by SQLite: one string to split, no row per document
            (joined,) = conn.execute(
                "SELECT group_concat(fk, char(9)) FROM docs INDEXED BY docs_keys "
                "WHERE rid IN (SELECT value FROM json_each(?)) AND fk != ''",
                (_json(rids),),
            ).fetchone()
            counts = Counter(joined.split("\t")) if joined else Counter()
            for item, n in counts.items():
                name, _eq, value = item.partition("=")
                counted.setdefault(name, []).append((value, n))
        return finish_facets(counted, query)

    @staticmethod
    def _load_hits(conn, rids: list[int], scores, distances) -> list[Hit]:
        if not rids:
            return []
        rows = conn.execute(
            "SELECT rid, id, kind, lat, lng, data FROM docs WHERE rid IN (SELECT value FROM json_each(?))",
            (_json(rids),),
        ).fetchall()
        by_rid = {row[0]: row for row in rows}
        hits = []
        for rid in rids:
            row = by_rid.get(rid)
            if row is None:
                continue
            _rid, doc_id, kind, lat, lng, data = row
            hits.append(
                make_hit(
                    doc_id,
                    kind,
                    json.loads(data),
                    score=-float(scores.get(rid, 0.0) or 0.0),
                    partial=tier_of(scores.get(rid, 0.0) or 0.0) == TIER_PARTIAL,
                    intent=tier_of(scores.get(rid, 0.0) or 0.0) == TIER_INTENT,
                    distance=distances.get(rid),
                    location=(lat, lng) if lat is not None else None,
                )
            )
        return hits
