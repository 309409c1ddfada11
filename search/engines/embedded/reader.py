"""Reading the embedded index: candidates per kind, facets, distance order, hits.

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
import time
from collections import Counter

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
    selected_kinds,
    tier_of,
    tiered,
)
from ..base import tie_orders as kind_tie_orders
from .nearest import nearest
from .schema import fts_table, key_range, keyed_facet, match_expression

BROAD_DF = 5_000
DF_TTL_SECONDS = 600
WEIGHTS = tuple(FIELD_WEIGHTS.values())  # title, summary, body


def _json(rids) -> str:
    return json.dumps(list(rids))


class ReaderMixin:
    def _df_of(self, conn, kind: str, alternatives: tuple[str, ...]) -> int:
        """Documents of ``kind`` containing any alternative (cached; planning only)."""
        key = (kind, " ".join(alternatives))
        now = time.monotonic()
        hit = self._df.get(key)
        if hit and now - hit[0] < DF_TTL_SECONDS:
            return hit[1]
        table = fts_table(kind)
        n = conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT ?)",  # noqa: S608
            (match_expression([alternatives]), BROAD_DF + 1),
        ).fetchone()[0]
        if len(self._df) > 50_000:
            self._df.clear()
        self._df[key] = (now, n)
        return n

    @staticmethod
    def _filter_sql(query: SearchQuery, rid_col: str) -> tuple[list[str], list]:
        keyed = keyed_facet()
        clauses: list[str] = []
        params: list = []
        for name, values in query.filters.items():
            if keyed is not None and name == keyed.name:
                continue
            marks = ",".join("?" * len(values))
            # only placeholders and a fixed column name are interpolated
            clauses.append(f"EXISTS (SELECT 1 FROM facet WHERE f = ? AND v IN ({marks}) AND rid = {rid_col})")  # noqa: S608
            params.extend([name, *values])
        return clauses, params

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
        """Up to ``limit`` (rid, score) of ``kind``; second value True if more matched.

        ``ranked=False`` (a tab's count only): the same number of rows, in rowid order,
        unscored, without the tier passes. The tiers' extra reads only add rows already
        matched (exact and complete matches are matches of the query), so the count —
        ``min(matches, limit)`` — is the same."""
        groups = fts_terms(query)
        ranges = self._ranges(query)
        if ranges == []:  # a keyed-facet filter with no valid value matches nothing
            return [], False
        clauses, params = self._filter_sql(query, "rowid" if groups else "docs.rid")
        rows: list[tuple[int, float]] = []
        range_list = ranges or [None]
        if groups:
            table = fts_table(kind)
            # bm25 reads the whole posting list of every term on each call, so only
            # queries whose every word is selective are ranked; the others are read in
            # rowid order and stop after the window.
            if ranked:
                dfs = [self._df_of(conn, kind, alts) for alts in groups]
                rank = (max(dfs) if query.operator != "and" else min(dfs)) <= BROAD_DF
            else:
                rank = False
            score = f"bm25({table}, {WEIGHTS[0]}, {WEIGHTS[1]}, {WEIGHTS[2]})" if rank else "0.0"

            def matching(expr: str) -> list[tuple[int, float]]:
                return self._matching(conn, table, expr, score, rank, range_list, clauses, params, limit)

            rows = matching(match_expression(groups, query.operator))
            intent = self._intent_rows(conn, kind, query, range_list, limit)
            if ranked and tiered(query):
                rows = self._tier(rows, query, matching, intent)
            elif intent:  # a tab's count: the facet value's documents count too, no tiers needed
                found = dict(rows)
                for rid, score in intent.items():
                    found.setdefault(rid, score)
                rows = sorted(found.items())
            elif rank and len(range_list) > 1:
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

    @staticmethod
    def _matching(conn, table, expr, score, rank, range_list, clauses, params, limit) -> list[tuple[int, float]]:
        """Up to ``limit`` + 1 (rid, score) of ``table`` matching ``expr``, range by range."""
        rows: list[tuple[int, float]] = []
        order = "ORDER BY 2" if rank else ""
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
        return rows

    def _intent_rows(self, conn, kind: str, query: SearchQuery, range_list, limit) -> dict[int, float]:
        """Up to ``limit`` + 1 rows of ``kind`` having a facet value the query names
        (``intents_for``), under the same filters, in rowid order; score 0 (no text)."""
        keyed = keyed_facet()
        pairs = [(f, v) for f, v in intents_for(query, kind) if keyed is None or f != keyed.name]
        if not pairs:
            return {}
        clauses, params = self._filter_sql(query, "fi.rid")
        found: dict[int, float] = {}
        for rng in range_list:
            where = ["docs.kind = ?", "(" + " OR ".join("(fi.f = ? AND fi.v = ?)" for _p in pairs) + ")"]
            args: list = [kind, *(x for pair in pairs for x in pair)]
            if rng:
                where.append("fi.rid BETWEEN ? AND ?")
                args.extend(rng)
            where.extend(clauses)
            args.extend(params)
            sql = (
                "SELECT DISTINCT fi.rid, 0.0 FROM facet AS fi JOIN docs ON docs.rid = fi.rid "  # noqa: S608
                f"WHERE {' AND '.join(where)} ORDER BY fi.rid LIMIT ?"
            )
            found.update(conn.execute(sql, [*args, limit + 1 - len(found)]).fetchall())
            if len(found) > limit:
                break
        return found

    @staticmethod
    def _tier(rows, query: SearchQuery, matching, intent: dict | None = None) -> list[tuple[int, float]]:
        """``rows`` (and the ``intent`` rows) with sort keys ``tier * TIER_GAP + score``,
        best first. The exact and complete matches are read on their own too, so a window
        cut in rowid order (broad words) still holds them."""
        exact = dict(matching(match_expression(exact_terms(query)))) if has_synonyms(query) else None
        complete = dict(matching(match_expression(fts_terms(query)))) if query.operator != "and" else dict(rows)
        for rid, score in (exact or {}).items():  # every word as typed is every word
            complete.setdefault(rid, score)
        found = dict(rows)
        for extra in (exact, complete, intent):
            for rid, score in (extra or {}).items():
                found.setdefault(rid, score)
        keyed = []
        for rid, score in found.items():
            if rid not in complete:
                tier = TIER_INTENT if intent and rid in intent else TIER_PARTIAL
            elif exact is None or rid in exact:
                tier = TIER_EXACT
            else:
                tier = TIER_SYNONYM
            keyed.append((rid, tier * TIER_GAP + score))
        keyed.sort(key=lambda r: (r[1], r[0]))
        return keyed

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
            "SELECT rid, lat, lng FROM docs WHERE rid IN (SELECT value FROM json_each(?)) AND lat IS NOT NULL",
            (_json(rids),),
        ).fetchall()
        return {rid: (lat, lng) for rid, lat, lng in rows}

    @staticmethod
    def _facets(conn, rids: list[int], query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
        counted: dict[str, list[tuple[str, int]]] = {}
        if rids:
            rows = conn.execute(
                "SELECT fk FROM docs WHERE rid IN (SELECT value FROM json_each(?))", (_json(rids),)
            ).fetchall()
            # one split of the joined values: the same items as splitting row by row, faster
            joined = "\t".join(fk for (fk,) in rows if fk)
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
