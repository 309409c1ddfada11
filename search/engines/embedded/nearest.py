"""The nearest matching located documents, when the window holds only part of the matches."""

from __future__ import annotations

import json

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
    verified: dict[tuple[str, int], set[int]] = {}  # (kind, block) → matching rowids
    max_radius = query.radius_km or 20_000
    radius = min(2.0, max_radius)
    distance = distance_from(lat, lng)
    known: dict[int, float] = {}  # distances of the smaller boxes' points, kept while widening
    while True:
        box = bounding_box(lat, lng, radius)
        # The R*Tree's own corners (float32, rounded outwards; a point's midpoint is
        # within ~0.1 m of it) place the candidates without reading their docs rows,
        # which the box could hold thousands of; exact positions are read for the
        # returned ones only.
        cands = conn.execute(
            "SELECT rid, lat0, lat1, lng0, lng1 FROM geo WHERE lat0 >= ? AND lat1 <= ? AND lng0 >= ? AND lng1 <= ?",
            (box[0] - 1e-4, box[1] + 1e-4, box[2] - 1e-4, box[3] + 1e-4),
        ).fetchall()
        inside = []
        for rid, lat0, lat1, lng0, lng1 in cands:
            if ranges and not any(lo <= rid <= hi for lo, hi in ranges):
                continue
            d = known.get(rid)
            if d is None:
                d = known[rid] = distance((lat0 + lat1) / 2, (lng0 + lng1) / 2)
            if d <= radius:
                inside.append((d, rid))
        blocks = {rid // VERIFY_BLOCK for _d, rid in inside}
        for kind in kinds:
            for block in blocks:
                if (kind, block) not in verified:
                    verified[(kind, block)] = _verify(conn, kind, block, expr, clauses, params)
        matches = sorted(
            (d, rid) for d, rid in inside if any(rid in verified[(kind, rid // VERIFY_BLOCK)] for kind in kinds)
        )
        # Stop when enough match, or when the box holds so many documents that
        # widening further would cost more than it helps (sparse matches far away):
        # the caller then merges these with the window's located matches.
        if len(matches) >= need or radius >= max_radius or len(cands) > MAX_GEO_CANDIDATES:
            return _exact(conn, matches[:need], distance)
        radius = min(max_radius, radius * 2.5)


def _verify(conn, kind: str, block: int, expr: str | None, clauses, params) -> set[int]:
    """The rowids of ``kind`` in one block that match the text and filters."""
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
    return {r for (r,) in conn.execute(sql, args)}


def _exact(conn, matches: list[tuple[float, int]], distance) -> list[tuple[int, float]]:
    """(rid, distance) from the documents' stored positions, nearest first."""
    if not matches:
        return []
    rows = conn.execute(
        "SELECT rid, lat, lng FROM docs INDEXED BY docs_keys WHERE rid IN (SELECT value FROM json_each(?))",
        (json.dumps([rid for _d, rid in matches]),),
    ).fetchall()
    exact = sorted((distance(plat, plng), rid) for rid, plat, plng in rows)
    return [(rid, d) for d, rid in exact]
