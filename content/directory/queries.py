"""What other apps may ask the directory (articles, events, home import this).

- ``public_service_points()`` — a queryset of what the public may see.
- ``services_for_audience(audience, limit=6)`` — public entries for an Audience (or its slug).
- ``nearest_services(lat, lng, kinds=None, limit=5, radius_km=30)`` — public entries with a
  ``distance_km`` attribute, nearest first.
- ``hotlines()`` — public hotlines, 24-hour lines first.
"""

from __future__ import annotations

import math

from django.db.models import Q

from content.reference.models import Audience

from .models import ServiceKind, ServicePoint

EARTH_RADIUS_KM = 6371.0088


def public_service_points():
    """Published, not defunct entries (temporarily closed ones included: they say so)."""
    return ServicePoint.objects.public()


def with_display_relations(queryset):
    return queryset.select_related("organization", "area").prefetch_related("phones", "hours")


def services_for_audience(audience: Audience | str, limit: int = 6) -> list[ServicePoint]:
    """Public entries that name ``audience`` (an Audience or its slug), 24-hour lines first."""
    slug = audience if isinstance(audience, str) else audience.slug
    qs = public_service_points().filter(audiences__slug=slug, status="active")
    return list(with_display_relations(qs.order_by("-is_24_7", "area_code", "id"))[:limit])


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def nearest_services(
    lat: float, lng: float, kinds: list[str] | None = None, limit: int = 5, radius_km: float = 30.0
) -> list[ServicePoint]:
    """Public entries with coordinates near (lat, lng) (WGS-84), nearest first.

    A bounding box in the database narrows the candidates; exact (haversine) distance
    is then computed for those only. Each result has ``distance_km``.
    """
    dlat = radius_km / 111.32
    dlng = radius_km / (111.32 * max(math.cos(math.radians(lat)), 0.01))
    qs = public_service_points().filter(
        latitude__gte=lat - dlat, latitude__lte=lat + dlat, longitude__gte=lng - dlng, longitude__lte=lng + dlng
    )
    if kinds:
        qs = qs.filter(kind__in=kinds)
    candidates = list(with_display_relations(qs)[:2000])
    for sp in candidates:
        sp.distance_km = haversine_km(lat, lng, float(sp.latitude), float(sp.longitude))
    candidates = [sp for sp in candidates if sp.distance_km <= radius_km]
    candidates.sort(key=lambda sp: (sp.distance_km, sp.pk))
    return candidates[:limit]


def hotlines():
    """Public hotlines: 24-hour lines first, then national ones (no area) first."""
    return with_display_relations(
        public_service_points().filter(kind=ServiceKind.HOTLINE).order_by("-is_24_7", "area_code", "name", "id")
    )


def search_q(text: str) -> Q:
    return Q(name__icontains=text) | Q(address__icontains=text)
