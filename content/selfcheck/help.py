"""The help a result leads to: articles for the reader's group and nearby services.

Each function runs a bounded number of queries (no loop over every page or row). The
articles and directory apps are imported lazily so the questionnaire still works, with
hotlines only, on a site that runs without them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from content.reference.phones import tel_uri


@dataclass
class ServiceHit:
    name: str
    url: str
    kind_label: str
    address: str = ""
    area_name: str = ""
    distance_km: float | None = None
    phones: list[dict] = field(default_factory=list)
    is_illustrative: bool = False


def _service_hit(point, distance_km: float | None = None) -> ServiceHit:
    return ServiceHit(
        name=point.name,
        url=point.get_url(),
        kind_label=point.get_kind_display(),
        address=point.address,
        area_name=point.area.name if point.area_id and point.area else "",
        distance_km=distance_km,
        phones=[{"label": p.label, "number": p.number, "tel": tel_uri(p.number)} for p in point.phones.all()],
        is_illustrative=point.is_illustrative,
    )


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def nearby_services(
    kinds: list[str] | tuple[str, ...],
    *,
    location: tuple[float, float] | None = None,
    area_code: str | None = None,
    limit: int = 5,
) -> list[ServiceHit]:
    """Public service points of ``kinds``: nearest to ``location`` if given, else in ``area_code``."""
    if not kinds or (location is None and not area_code):
        return []
    try:
        from content.directory.models import ServicePoint
    except ImportError:
        return []
    if location is not None:
        try:
            from content.directory.queries import nearest_services
        except ImportError:
            nearest_services = None
        if nearest_services is not None:
            return [_hit_from_nearest(item, location) for item in nearest_services(*location, list(kinds), limit)]
    if not area_code:
        return []
    points = (
        ServicePoint.objects.public()
        .in_area(area_code)
        .filter(kind__in=list(kinds))
        .select_related("area")
        .prefetch_related("phones")[:limit]
    )
    return [_service_hit(point) for point in points]


def _hit_from_nearest(item, origin: tuple[float, float]) -> ServiceHit:
    """Accept a ServicePoint, a (point, distance) pair or a point annotated with a distance."""
    distance = None
    point = item
    if isinstance(item, tuple):
        point, distance = item
    else:
        for attribute in ("distance_km", "distance"):
            value = getattr(item, attribute, None)
            if isinstance(value, int | float):
                distance = float(value)
                break
    if distance is None and point.location is not None:
        distance = haversine_km(origin, point.location)
    return _service_hit(point, distance)


def related_articles(topics: list[str] | tuple[str, ...], audience_ids: list[int], *, limit: int = 4) -> list:
    """Live public articles tagged with any of ``topics``, the reader's group first."""
    if not topics:
        return []
    try:
        from content.articles.models import ArticlePage
    except ImportError:
        return []
    articles = ArticlePage.objects.live().public().filter(tags__name__in=list(topics)).distinct()
    if audience_ids:
        matched = list(articles.filter(audiences__in=audience_ids).distinct().order_by("-first_published_at")[:limit])
        if len(matched) >= limit:
            return matched
        others = articles.exclude(pk__in=[a.pk for a in matched]).order_by("-first_published_at")[
            : limit - len(matched)
        ]
        return matched + list(others)
    return list(articles.order_by("-first_published_at")[:limit])
