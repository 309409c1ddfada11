"""The help a result leads to: articles for the reader's group and nearby services.

Each function runs a bounded number of queries (no loop over every page or row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from content.articles.models import ArticlePage
from content.directory.models import ServiceStatus
from content.directory.queries import nearest_services, public_service_points, with_display_relations
from content.reference.phones import tel_uri


@dataclass(repr=False)
class ServiceHit:
    name: str
    url: str
    kind_label: str
    address: str = ""
    area_name: str = ""
    distance_km: float | None = None
    phones: list[dict] = field(default_factory=list)
    is_illustrative: bool = False


def _service_hit(point) -> ServiceHit:
    return ServiceHit(
        name=point.name,
        url=point.get_url(),
        kind_label=point.get_kind_display(),
        address=point.address,
        area_name=point.area.name if point.area_id else "",
        distance_km=getattr(point, "distance_km", None),
        phones=[{"label": p.label, "number": p.number, "tel": tel_uri(p.number)} for p in point.phones.all()],
        is_illustrative=point.is_illustrative,
    )


def nearby_services(
    kinds: list[str] | tuple[str, ...],
    *,
    location: tuple[float, float] | None = None,
    area_code: str | None = None,
    limit: int = 5,
) -> list[ServiceHit]:
    """Open public service points of ``kinds``: nearest to ``location`` (WGS-84) if given,
    else in ``area_code`` (any level) and its descendants. Empty without kinds or a place."""
    if not kinds:
        return []
    if location is not None:
        points = nearest_services(location[0], location[1], list(kinds), limit * 2)
        return [_service_hit(p) for p in points if p.status == ServiceStatus.ACTIVE][:limit]
    if not area_code:
        return []
    points = public_service_points().in_area(area_code).filter(kind__in=list(kinds), status=ServiceStatus.ACTIVE)
    return [_service_hit(p) for p in with_display_relations(points.order_by("area_code", "id"))[:limit]]


def related_articles(topics: list[str] | tuple[str, ...], audience_ids: list[int], *, limit: int = 4) -> list:
    """Live public articles with any of ``topics``, those for the reader's group first, newest first."""
    if not topics:
        return []
    articles = ArticlePage.objects.live().public().filter(topics__name__in=list(topics))
    newest = ("-first_published_at", "-pk")
    matched: list = []
    if audience_ids:
        matched = list(articles.filter(audiences__in=audience_ids).distinct().order_by(*newest)[:limit])
    if len(matched) < limit:
        others = articles.exclude(pk__in=[a.pk for a in matched]).distinct().order_by(*newest)
        matched += list(others[: limit - len(matched)])
    return matched
