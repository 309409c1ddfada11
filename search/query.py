"""What a search asks for and what it gets back — shared by every engine."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import registry
from .analysis import QueryPlan, analyze_query

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 50
#: Like Elasticsearch's max_result_window: results past this rank are not paged to,
#: and totals above it are reported as "at least".
RESULT_WINDOW = 500
MAX_PAGE = RESULT_WINDOW // 10


@dataclass
class SearchQuery:
    q: str = ""
    kind: str | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    plan: QueryPlan | None = None
    #: "and": every word must match; "most": all words but one (``minimum_should_match``,
    #: used when "and" finds less than a page); "or": any word (used when both find nothing)
    operator: str = "and"
    #: find and rank the documents having a facet value the query names through an
    #: intent rule (``QueryPlan.intents``); off for ``match_ids`` (a filter box narrows)
    use_intents: bool = True

    def __post_init__(self) -> None:
        if self.plan is None:
            self.plan = analyze_query(self.q)
        known = registry.facets()
        self.filters = {k: [v for v in vs if v] for k, vs in self.filters.items() if k in known}
        self.filters = {k: vs for k, vs in self.filters.items() if vs}
        self.page = max(1, int(self.page))
        self.per_page = max(1, min(MAX_PER_PAGE, int(self.per_page)))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def is_browsable(self) -> bool:
        """True when there is anything to search or browse."""
        return bool(self.plan.terms or self.filters or self.near or self.kind)


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    url: str
    summary: str = ""
    score: float = 0.0
    distance_km: float | None = None
    location: tuple[float, float] | None = None
    date: str | None = None
    phones: list[dict] = field(default_factory=list)
    payload: dict = field(default_factory=dict)
    audiences: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    body: str = ""
    title_html: str = ""
    snippet_html: str = ""
    #: True when the hit matches only some of the query's words (see ``SearchQuery.operator``)
    partial: bool = False
    #: True when the hit is found through the query's intent (a facet value the query
    #: names, e.g. audience ``perinatal`` for 产后抑郁) rather than all of its words
    intent: bool = False
    #: why an intent hit is there: {"facet", "value", "label", "text"} (``search.index``)
    reason: dict | None = None


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    #: "eq" when ``total`` is exact, "gte" when more matched than RESULT_WINDOW.
    total_relation: str = "eq"
    #: counts per kind for the tabs (ignoring the kind filter)
    kind_counts: dict[str, int] = field(default_factory=dict)
    #: facet name → list of (value, count), largest first
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    engine: str = "embedded"
    fallback: bool = False
    #: a pinyin query that matched nothing as typed was searched as this term ("失眠")
    searched_as: str = ""

    @property
    def num_pages(self) -> int:
        reachable = min(self.total, RESULT_WINDOW)
        return max(1, math.ceil(reachable / self.query.per_page))

    @property
    def crisis(self) -> bool:
        return bool(self.query.plan and self.query.plan.crisis)
