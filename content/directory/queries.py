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

from content.reference.models import LEVEL_DIGITS, Audience, level_of
from search.index import match_ids
from search.query import SearchQuery

from .models import ServiceKind, ServicePoint
from .search_docs import KIND

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
    lat: float,
    lng: float,
    kinds: list[str] | None = None,
    limit: int = 5,
    radius_km: float = 30.0,
    *,
    base=None,
) -> list[ServicePoint]:
    """Public entries with coordinates near (lat, lng) (WGS-84), nearest first; ``base``
    narrows the public entries further (a queryset of them, e.g. of one group's services).

    A bounding box in the database narrows the candidates; exact (haversine) distance
    is then computed for those only. Each result has ``distance_km``.
    """
    dlat = radius_km / 111.32
    dlng = radius_km / (111.32 * max(math.cos(math.radians(lat)), 0.01))
    qs = (public_service_points() if base is None else base).filter(
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
    """Name or address contains ``text``: for the admin's short lists only (a scan)."""
    return Q(name__icontains=text) | Q(address__icontains=text)


#: The text box shows at most this many matches, best first (the search index's window).
TEXT_MATCHES = 500


def text_match_pks(
    text: str,
    filters=None,
    *,
    area_code: str = "",
    kind: str = "",
    audience: str = "",
    offered: str = "",
    limit: int = TEXT_MATCHES,
) -> list[int]:
    """Primary keys of the public entries best matching ``text``, best first.

    Asks the site's search index (the same analysis as the site search: segmentation,
    synonyms, traditional characters), narrowed by area, kind, audience and service
    offered, which the index holds. ``filters`` may be a valid DirectoryFilterForm to
    take those from. Entries are indexed on publish, so the database is never scanned.
    """
    if filters is not None:
        data = filters.cleaned_data
        area_code = filters.area_code()
        kind, audience, offered = data.get("kind") or "", data.get("audience") or "", data.get("offered") or ""
    facets: dict[str, list[str]] = {}
    if area_code:
        code = area_code.ljust(12, "0")
        facets["area"] = [code[: LEVEL_DIGITS[level_of(code)]]]
    if kind:
        facets["service_kind"] = [kind]
    if audience:
        facets["audience"] = [audience]
    if offered:
        facets["service"] = [offered]
    query = SearchQuery(q=text.strip(), kind=KIND, filters=facets)
    if query.plan.is_empty:
        return []
    pks = []
    for doc_id in match_ids(query, limit):
        _kind, _sep, pk = doc_id.partition(":")
        if pk.isdigit():
            pks.append(int(pk))
    return pks
