"""The PostgreSQL engine's searches as few statements as possible.

A search is one statement (``window_sql`` + ``search_sql``): for every kind a window of
at most ``limit`` + 1 matches — the matches are read once (at most ``BROAD`` + 1 of
them) and ranked with ``ts_rank`` only when there are at most ``BROAD``, as the
embedded engine ranks only the words that carry information — then the kind counts,
the facet counts over the selected kinds' windows and the page's display values, all
in one round trip. With ``near`` the windows and their distances come first, then the
nearest matches beyond the window (a widening box) and the page.
"""

# ruff: noqa: S608 - table, CTE names and weights are constants; every value is a parameter
from __future__ import annotations

from ...geo import EARTH_RADIUS_KM, bounding_box
from ...query import SearchQuery
from ..base import (
    TIER_EXACT,
    TIER_GAP,
    TIER_INTENT,
    TIER_PARTIAL,
    TIER_SYNONYM,
    exact_terms,
    fts_terms,
    has_synonyms,
    intents_for,
    kind_names,
    selected_kinds,
    tie_orders,
    tiered,
)
from .schema import TABLE, filter_tsquery, lexeme, tsquery_literal

BROAD = 2_000
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B, A
DISTANCE = (
    f"(2 * {EARTH_RADIUS_KM} * asin(least(1.0, sqrt(power(sin(radians(lat - %s) / 2), 2) + "
    "cos(radians(%s)) * cos(radians(lat)) * power(sin(radians(lng - %s) / 2), 2)))))"
)


def text_query(query: SearchQuery) -> str | None:
    groups = fts_terms(query)
    return tsquery_literal(groups, query.operator) if groups else None


def intent_query(query: SearchQuery, kind: str) -> str | None:
    """The facet values of ``kind`` the query names (``base.intents_for``) as tsquery text:
    the facet lexemes every row holds (``audience=perinatal``)."""
    pairs = intents_for(query, kind)
    return " | ".join(lexeme(f"{f}={v}") for f, v in pairs) if pairs else None


def tier_sql(query: SearchQuery, kind: str) -> tuple[str, list]:
    """The tier part of the sort key (``tier * TIER_GAP``, see ``base.TIER_GAP``): 0 for
    every word as typed, 1 for every word with synonyms, 2 for a facet value the query
    names (intent) without every word, 3 for a partial match."""
    if not tiered(query):
        return "0", []
    cases = [(tsquery_literal(exact_terms(query)), TIER_EXACT)]
    if has_synonyms(query):
        cases.append((tsquery_literal(fts_terms(query)), TIER_SYNONYM))
    intent = intent_query(query, kind)
    if intent:
        cases.append((intent, TIER_INTENT))
    whens = " ".join(f"WHEN tsv @@ %s::tsquery THEN {tier * TIER_GAP}" for _q, tier in cases)
    return f"CASE {whens} ELSE {TIER_PARTIAL * TIER_GAP} END", [q for q, _tier in cases]


def match_where(query: SearchQuery, kind: str, match: str = "any") -> tuple[str, list]:
    """``kind = … AND tsv @@ (filters & words) [AND within the radius]``, where the words
    are the text (``match="text"``), the facet values the query names (``"intent"``) or
    either (``"any"``)."""
    text = text_query(query)
    intent = intent_query(query, kind) if text else None
    if match == "intent":
        text = intent
    elif intent and match == "any":
        text = f"{text} | {intent}"
    parts = [p for p in (filter_tsquery(query.filters), f"({text})" if text else "") if p]
    where, args = ["kind = %s"], [kind]
    if parts:
        where.append("tsv @@ %s::tsquery")
        args.append(" & ".join(parts))
    if query.near is not None and query.radius_km:
        lat, lng = query.near
        where.append(f"lat BETWEEN %s AND %s AND lng BETWEEN %s AND %s AND {DISTANCE} <= %s")
        args.extend([*bounding_box(lat, lng, query.radius_km), lat, lat, lng, query.radius_km])
    return " AND ".join(where), args


def window_sql(
    query: SearchQuery, kinds: list[str], limit: int, small: frozenset[str] = frozenset(), counted_only=()
) -> tuple[str, list]:
    """``WITH … w(kind, rid, s, o, rn, facets, lat, lng)``: each kind's best ``limit`` + 1
    matches (score ``s``, lower is better; ``o`` the kind's tie order; ``rn`` the rank
    within the kind). Kinds in ``small`` are matched through ``search_pg_match`` (their
    GIN index, never a scan of their large vectors). Kinds in ``counted_only`` (the tabs
    of kinds not selected) only need their number of matches up to ``limit`` + 1: any
    ``limit`` + 1 of them, unranked, without facets or places."""
    text = text_query(query)
    orders = tie_orders()
    ctes, args, parts, part_args = [], [], [], []
    for i, kind in enumerate(kinds):
        where, wargs = match_where(query, kind)
        if kind in counted_only:
            if kind in small and len(wargs) == 2:  # kind and tsquery: no radius
                source = "search_pg_match(%s, %s::tsquery, %s)"
            else:
                source = f"(SELECT rid FROM {TABLE} WHERE {where} LIMIT %s) AS c"
            ctes.append(
                f"w{i} AS (SELECT %s::text AS kind, rid, 0.0::real AS s, NULL::text[] AS facets, "
                f"NULL::float8 AS lat, NULL::float8 AS lng FROM {source})"
            )
            args += [kind, *wargs, limit + 1]
        elif text:
            # the text matches (ranked when at most BROAD) and, read on their own so that
            # many of them cannot crowd the text matches out, the intent matches
            twhere, targs = match_where(query, kind, "text")
            ctes.append(_source_cte(f"m{i}", kind in small, twhere, targs))
            args += [*targs, BROAD + 1]
            rows = f"m{i}"
            if intent_query(query, kind):
                iwhere, iargs = match_where(query, kind, "intent")
                ctes.append(_source_cte(f"n{i}", kind in small, iwhere, iargs))
                args += [*iargs, limit + 1]
                rows = (
                    f"(SELECT * FROM m{i} UNION ALL SELECT * FROM n{i} "
                    f"WHERE NOT EXISTS (SELECT 1 FROM m{i} WHERE m{i}.rid = n{i}.rid)) AS mn{i}"
                )
            tier, tier_args = tier_sql(query, kind)
            ctes.append(
                f"w{i} AS (SELECT %s::text AS kind, rid, {tier} + CASE WHEN (SELECT count(*) FROM m{i}) <= %s "
                f"THEN -ts_rank('{RANK_WEIGHTS}', tsv, %s::tsquery) ELSE 0 END AS s, "
                f"facets, lat, lng FROM {rows})"
            )
            args += [kind, *tier_args, BROAD, text]
        else:
            ctes.append(
                f"w{i} AS (SELECT %s::text AS kind, rid, 0.0::real AS s, facets, lat, lng FROM {TABLE} WHERE {where})"
            )
            args += [kind, *wargs]
        parts.append(
            f"(SELECT kind, rid, s, %s::int AS o, row_number() OVER (ORDER BY s, rid) AS rn, facets, lat, lng "
            f"FROM w{i} ORDER BY s, rid LIMIT %s)"
        )
        part_args += [orders[kind], limit + 1]
    ctes.append("w AS (" + " UNION ALL ".join(parts) + ")")
    return "WITH " + ", ".join(ctes), args + part_args


def _source_cte(name: str, small: bool, where: str, wargs: list) -> str:
    """``name AS MATERIALIZED (…)``: the rows matching ``where`` (its arguments, then the
    limit, follow); small kinds through ``search_pg_match`` (their GIN index)."""
    if small and len(wargs) == 2:  # kind and tsquery: no radius
        return f"{name} AS MATERIALIZED (SELECT * FROM search_pg_match(%s, %s::tsquery, %s))"
    return f"{name} AS MATERIALIZED (SELECT rid, tsv, facets, lat, lng FROM {TABLE} WHERE {where} LIMIT %s)"


def search_sql(query: SearchQuery, limit: int, small: frozenset[str] = frozenset()) -> tuple[str, list]:
    """One statement: (part, kind, key, n, s, o, lat, lng, data) rows — part 0: kind
    counts (key = kind, n = rows in the window, ≤ limit + 1); 1: facet counts (key =
    ``name=value``); 2: without ``near``, the page's hits (key = id, n = rid); with
    ``near``, every window row of the selected kinds (n = rid, s, o; lat = distance)."""
    kinds = list(kind_names())
    selected = selected_kinds(query)
    sql, args = window_sql(query, kinds, limit, small, [k for k in kinds if k not in selected])
    sql += (
        " SELECT 0, kind, kind, count(*), 0.0::float8, 0, NULL::float8, NULL::float8, NULL::jsonb FROM w GROUP BY kind"
        " UNION ALL SELECT 1, NULL, f, count(*), 0.0, 0, NULL, NULL, NULL"
        " FROM w, unnest(w.facets) AS f WHERE rn <= %s AND kind = ANY(%s) GROUP BY f"
    )
    args += [limit, selected]
    if query.near is None:
        sql += (
            " UNION ALL SELECT 2, d.kind, d.id, d.rid, p.s::float8, p.o, d.lat, d.lng, d.data FROM"
            " (SELECT kind, rid, s, o FROM w WHERE rn <= %s AND kind = ANY(%s) ORDER BY s, o, rid OFFSET %s LIMIT %s) p"
            f" JOIN {TABLE} d ON d.rid = p.rid AND d.kind = p.kind"
        )
        args += [limit, selected, query.offset, query.per_page]
    else:
        lat, lng = query.near
        sql += (
            " UNION ALL SELECT 2, kind, NULL, rid, s::float8, o,"
            f" CASE WHEN lat IS NOT NULL THEN {DISTANCE} END, NULL, NULL FROM w WHERE rn <= %s AND kind = ANY(%s)"
        )
        args += [lat, lat, lng, limit, selected]
    return sql, args


def match_ids_sql(query: SearchQuery, limit: int, small: frozenset[str] = frozenset()) -> tuple[str, list]:
    sql, args = window_sql(query, selected_kinds(query), limit, small)
    sql += (
        f" SELECT d.id FROM (SELECT kind, rid, s, o FROM w WHERE rn <= %s ORDER BY s, o, rid LIMIT %s) p"
        f" JOIN {TABLE} d ON d.rid = p.rid AND d.kind = p.kind ORDER BY p.s, p.o, p.rid"
    )
    return sql, [*args, limit, limit]


def nearest_sql(query: SearchQuery, kind: str, radius: float, limit: int) -> tuple[str, list]:
    """The matches of ``kind`` inside the box of ``radius`` around ``near``, nearest first."""
    lat, lng = query.near
    where, args = match_where(query, kind)
    sql = (
        f"SELECT rid, {DISTANCE} AS d FROM {TABLE} WHERE {where} "
        "AND lat BETWEEN %s AND %s AND lng BETWEEN %s AND %s ORDER BY d LIMIT %s"
    )
    return sql, [lat, lat, lng, *args, *bounding_box(lat, lng, radius), limit]


def hits_sql(keys: list[tuple[str, int]]) -> tuple[str, list]:
    kinds, rids = [k for k, _r in keys], [r for _k, r in keys]
    sql = (
        f"SELECT d.kind, d.id, d.rid, d.lat, d.lng, d.data FROM {TABLE} d "
        "JOIN unnest(%s::text[], %s::bigint[]) AS p(kind, rid) ON d.kind = p.kind AND d.rid = p.rid"
    )
    return sql, [kinds, rids]
