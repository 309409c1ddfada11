"""The one document shape every content app hands to the search layer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

#: The kinds of document the public can find.
KIND_ARTICLE = "article"
KIND_SERVICE = "service"
KIND_EVENT = "event"
KINDS = (KIND_ARTICLE, KIND_SERVICE, KIND_EVENT)


@dataclass
class SearchDocument:
    """A searchable thing, already flattened to plain values.

    ``id`` is unique across kinds, e.g. ``"article:12"``, ``"service:345"``.
    ``areas`` holds the 12-digit area code *and all its ancestors* (as stored
    codes: "31", "3101", "310114", "310114102", ...), so filtering by any level is
    one equality test. ``location`` is ``(lat, lng)`` in WGS-84 or ``None``.
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
    service_kinds: list[str] = field(default_factory=list)
    services_offered: list[str] = field(default_factory=list)
    location: tuple[float, float] | None = None
    date: datetime | None = None
    phones: list[dict] = field(default_factory=list)
    payload: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)
