"""What a search plans with: how many documents of a kind have a word or a facet
value (counted up to a bound, cached: planning only, a stale count costs time, never
rows), and the SQL of the facet filters."""

from __future__ import annotations

import time

from ...query import SearchQuery
from .schema import fts_table, key_range, keyed_facet, match_expression

#: A query is ranked (bm25) only when one of its words is in at most this many
#: documents of the kind: the PostgreSQL engine's bound too (``postgres.reader.BROAD``),
#: and what keeps bm25's per-row cost within the 12 ms p95 at 520,000 documents
#: (5,000 let a word in 3,400 of 20,000 articles cost 7 ms; docs/benchmarks.md).
BROAD_DF = 2_000
#: Words in more documents of a kind than this filter complete matches but are not
#: weighed in their score (see ``reads.Reads``).
UNSCORED_DF = 50_000
DF_TTL_SECONDS = 600
#: A facet filter whose value is on at most this many documents of the kind is read as
#: one set (``+rowid IN (…)``) rather than looked up for every text match (``EXISTS``):
#: 2,028 students' articles filter 谈心室's matches in 1.5 ms instead of 4.7; 100,000
#: elders' services would cost 23 ms to gather, where the lookups cost 2. Counting up
#: to the bound costs a first search of a value ≤ 0.4 ms a kind (then cached).
FACET_SET_MAX = 5_000
#: "rid" within the rowid span of the kind bound to the two placeholders
IN_KIND_SPAN = "BETWEEN (SELECT min(rid) FROM docs WHERE kind = ?) AND (SELECT max(rid) FROM docs WHERE kind = ?)"


class PlanningMixin:
    def _df_of(self, conn, kind: str, alternatives: tuple[str, ...], cap: int | None = None) -> int:
        """Documents of ``kind`` containing any alternative, counted up to ``cap`` + 1
        (``BROAD_DF`` by default; cached; planning only)."""
        cap = BROAD_DF if cap is None else cap
        table = fts_table(kind)
        return self._counted(
            (kind, " ".join(alternatives), cap),
            conn,
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT ?)",  # noqa: S608
            (match_expression([alternatives]), cap + 1),
        )

    def _counted(self, key: tuple, conn, sql: str, args) -> int:
        """``sql``'s count, remembered ``DF_TTL_SECONDS`` under ``key`` (planning only)."""
        now = time.monotonic()
        hit = self._df.get(key)
        if hit and now - hit[0] < DF_TTL_SECONDS:
            return hit[1]
        n = conn.execute(sql, args).fetchone()[0]
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
                subset = f"SELECT rid FROM facet WHERE f = ? AND v IN ({marks}) AND rid {IN_KIND_SPAN}"  # noqa: S608
                clauses.append(f"+{rid_col} IN ({subset})")
                params.extend([name, *values, kind, kind])
            else:
                clauses.append(f"EXISTS (SELECT 1 FROM facet WHERE f = ? AND v IN ({marks}) AND rid = {rid_col})")  # noqa: S608
                params.extend([name, *values])
        return clauses, params

    @staticmethod
    def _facet_filters(query: SearchQuery) -> list[tuple[str, tuple[str, ...]]]:
        """The query's filters on facets other than the keyed one (rowid ranges)."""
        keyed = keyed_facet()
        return [
            (name, tuple(values))
            for name, values in query.filters.items()
            if values and (keyed is None or name != keyed.name)
        ]

    @staticmethod
    def _kind_has(conn, kind: str, name: str, values: tuple[str, ...]) -> bool:
        """Whether a document of ``kind`` has one of ``values`` (read each time, never
        cached: one probe of the facet index)."""
        marks = ",".join("?" * len(values))
        return bool(
            conn.execute(
                f"SELECT EXISTS (SELECT 1 FROM facet AS fi JOIN docs ON docs.rid = fi.rid "  # noqa: S608
                f"WHERE fi.f = ? AND fi.v IN ({marks}) AND docs.kind = ? AND fi.rid {IN_KIND_SPAN})",
                (name, *values, kind, kind, kind),
            ).fetchone()[0]
        )

    def _facet_df(self, conn, kind: str, name: str, values: tuple[str, ...]) -> int:
        """Facet rows of ``name`` in ``values`` within ``kind``'s rowid span, counted up to
        ``FACET_SET_MAX`` + 1 (cached; planning only: a stale count costs time, not rows)."""
        marks = ",".join("?" * len(values))
        return self._counted(
            ("facet", kind, name, values),
            conn,
            f"SELECT count(*) FROM (SELECT 1 FROM facet WHERE f = ? AND v IN ({marks}) "  # noqa: S608
            f"AND rid {IN_KIND_SPAN} LIMIT ?)",
            (name, *values, kind, kind, FACET_SET_MAX + 1),
        )

    @staticmethod
    def _ranges(query: SearchQuery) -> list[tuple[int, int]] | None:
        keyed = keyed_facet()
        values = query.filters.get(keyed.name) if keyed else None
        if not values:
            return None
        return sorted({r for r in (key_range(v, keyed) for v in values) if r})

    def _rare_filters(self, conn, kind: str, filters) -> list[tuple[str, tuple[str, ...]]]:
        """The filters whose values few documents of ``kind`` have (``FACET_SET_MAX``),
        rarest first: browsing reads the first one's facet rows."""
        rare = [f for f in filters if self._facet_df(conn, kind, *f) <= FACET_SET_MAX]
        return sorted(rare, key=lambda f: self._facet_df(conn, kind, *f))
