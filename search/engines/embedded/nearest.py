"""The nearest matching located documents, when the window holds only part of the matches."""

from __future__ import annotations

from ...geo import bounding_box, distance_from
from ...query import SearchQuery
from ..base import fts_terms
from .schema import SEQ_SPAN, fts_table, match_expression

#: The widening box search stops once its box holds this many points.
MAX_GEO_CANDIDATES = 5_000
#: Text and filters are verified a block of rowids at a time: 10**6 keyed positions
#: (a county when the keyed facet is a 12-digit area code), one rowid range each.
VERIFY_BLOCK = SEQ_SPAN * 10**6


def nearest(conn, kinds: list[str], query: SearchQuery, need: int, ranges, filter_sql) -> list[tuple[int, float]]:
    """The ``need`` nearest matching located documents: widen a box until enough match."""
    lat, lng = query.near
    groups = fts_terms(query)
    expr = match_expression(groups, query.operator) if groups else None
    clauses, params = filter_sql(query, "rowid" if groups else "docs.rid")
    verified: dict[tuple[str, int], set[int]] = {}
    max_radius = query.radius_km or 20_000
    radius = min(2.0, max_radius)
    distance = distance_from(lat, lng)
    known: dict[int, float] = {}  # distances of the smaller boxes' points, kept while widening
    while True:
        box = bounding_box(lat, lng, radius)
        cands = conn.execute(
            "SELECT d.rid, d.kind, d.lat, d.lng FROM geo g JOIN docs d ON d.rid = g.rid "
            "WHERE g.lat0 >= ? AND g.lat1 <= ? AND g.lng0 >= ? AND g.lng1 <= ?",
            (box[0] - 1e-4, box[1] + 1e-4, box[2] - 1e-4, box[3] + 1e-4),
        ).fetchall()
        inside = []
        for rid, kind, dlat, dlng in cands:
            if kind not in kinds:
                continue
            if ranges and not any(lo <= rid <= hi for lo, hi in ranges):
                continue
            d = known.get(rid)
            if d is None:
                d = known[rid] = distance(dlat, dlng)
            if d <= radius:
                inside.append((d, rid, kind))
        by_block: dict[tuple[str, int], list[int]] = {}
        for _d, rid, kind in inside:
            by_block.setdefault((kind, rid // VERIFY_BLOCK), []).append(rid)
        for key in by_block:
            if key in verified:
                continue
            kind, block = key
            lo, hi = block * VERIFY_BLOCK, (block + 1) * VERIFY_BLOCK - 1
            if expr:
                table = fts_table(kind)
                where = [f"{table} MATCH ?", "rowid BETWEEN ? AND ?", *clauses]
                sql = f"SELECT rowid FROM {table} WHERE {' AND '.join(where)}"  # noqa: S608
                args = [expr, lo, hi, *params]
            else:
                where = ["docs.kind = ?", "docs.rid BETWEEN ? AND ?", *clauses]
                sql = f"SELECT docs.rid FROM docs WHERE {' AND '.join(where)}"  # noqa: S608
                args = [kind, lo, hi, *params]
            verified[key] = {r for (r,) in conn.execute(sql, args)}
        matches = sorted((d, rid) for d, rid, kind in inside if rid in verified[(kind, rid // VERIFY_BLOCK)])
        # Stop when enough match, or when the box holds so many documents that
        # widening further would cost more than it helps (sparse matches far away):
        # the caller then merges these with the window's located matches.
        if len(matches) >= need or radius >= max_radius or len(cands) > MAX_GEO_CANDIDATES:
            return [(rid, d) for d, rid in matches[:need]]
        radius = min(max_radius, radius * 2.5)
