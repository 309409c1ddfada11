"""The one document shape every content app hands to the search layer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass
class SearchDocument:
    """A searchable thing, already flattened to plain values.

    ``kind`` is the name of a registered :class:`~search.kinds.Kind`; ``id`` is unique
    across kinds, e.g. ``"article:12"``, ``"service:345"``. A hierarchical facet
    (``areas``) holds the value *and all its ancestors* ("31", "3101", "310114", …), so
    filtering by any level is one equality test. ``facets`` holds the values of facets
    registered without an ``attr`` (facet name → values). ``location`` is
    ``(lat, lng)`` in WGS-84 or ``None``.
    ``phones`` is a list of ``{"number": ..., "label": ..., "tel": ...}``.
    ``payload`` carries extra display values the result list needs (e.g. the
    address, opening state, event start); engines store it and return it as is.
    """

    id: str
    kind: str
    title: str
    url: str
    summary: str = ""
    body: str = ""
    audiences: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    location: tuple[float, float] | None = None
    date: datetime | None = None
    phones: list[dict] = field(default_factory=list)
    payload: dict = field(default_factory=dict)
    facets: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)
