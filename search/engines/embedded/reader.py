"""Reading the embedded index: candidates per kind, facets, distance order, hits.

Very common words (more than ``planning.BROAD_DF`` documents of a kind contain them, e.g. 心理
or 咨询室 among 500,000 consultation rooms) carry little ranking information; FTS5's bm25
would still scan their whole posting list on every query, so such queries are
answered in rowid order without bm25, reading at most ``RESULT_WINDOW`` + 1 rows.
Totals above the window are reported as "at least" (``total_relation = "gte"``) and
facets are then counted over the window, as Elasticsearch does past
``track_total_hits``.
"""

from __future__ import annotations

import json
from collections import Counter

from ...geo import distance_from, haversine_km
from ...query import RESULT_WINDOW, Hit, SearchQuery, SearchResults
from ..base import (
    TIER_INTENT,
    TIER_PARTIAL,
    finish_facets,
    fts_terms,
    intents_for,
    kind_names,
    located_kinds,
    make_hit,
    remembered,
    selected_kinds,
    tier_of,
)
from ..base import tie_orders as kind_tie_orders
from .nearest import nearest, positions
from .planning import PlanningMixin
from .reads import Reads, rid_json, with_rest
from .schema import fts_table, keyed_facet, match_expression


class ReaderMixin(PlanningMixin):
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
        filters = self._facet_filters(query)
        if any(not self._kind_has(conn, kind, name, values) for name, values in filters):
            # a value no document of the kind has (a topic on services, a typo, a value
            # made up by hand): nothing to read — rather than every row of the kind
            return [], False
        if groups:
            clauses, params = self._filter_sql(query, "rowid", conn, kind)
        else:
            clauses, params = self._filter_sql(query, "docs.rid")
        rows: list[tuple[int, float]] = []
        range_list = ranges or [None]
        if groups:
            table = fts_table(kind)
            reads = Reads(self, conn, kind, table, range_list, clauses, params, limit)
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
                    rows = with_rest(rows, {}, intent)
            else:
                rows = with_rest(reads.complete(query), dict(reads.relaxed(query)), intent)
        else:
            # Browsing: the kind's rows in rowid order, each checked against the filters;
            # a value few documents of the kind have drives the read from its facet rows.
            rare = self._rare_filters(conn, kind, filters)
            if rare:  # one row per document having any of the values
                name, values = rare[0]
                select, column = "SELECT DISTINCT fi.rid", "fi.rid"
                source = "facet AS fi JOIN docs ON docs.rid = fi.rid"
                base = ["fi.f = ?", f"fi.v IN ({','.join('?' * len(values))})", "docs.kind = ?"]
                base_args = [name, *values, kind]
            else:
                select, column, source = "SELECT docs.rid", "docs.rid", "docs"
                base, base_args = ["docs.kind = ?"], [kind]
            for rng in range_list:
                where, args = list(base), list(base_args)
                if rng:
                    where.append(f"{column} BETWEEN ? AND ?")
                    args.extend(rng)
                where.extend(clauses)
                args.extend(params)
                sql = f"{select}, 0.0 FROM {source} WHERE {' AND '.join(where)} ORDER BY {column} LIMIT ?"
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
            conn.execute("SELECT rid, id FROM docs WHERE rid IN (SELECT value FROM json_each(?))", (rid_json(rids),))
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

    _positions = staticmethod(positions)

    @staticmethod
    def _facets(conn, rids: list[int], query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
        counted: dict[str, list[tuple[str, int]]] = {}
        if rids:
            # every row's keys joined by SQLite: one string to split, no row per document
            (joined,) = conn.execute(
                "SELECT group_concat(fk, char(9)) FROM docs INDEXED BY docs_keys "
                "WHERE rid IN (SELECT value FROM json_each(?)) AND fk != ''",
                (rid_json(rids),),
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
            (rid_json(rids),),
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
