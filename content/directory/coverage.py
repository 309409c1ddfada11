"""Coverage report: how much of a county the network reaches (computed in the database).

- villages/communities (level 5) with at least one active, public consultation room
  located in them, against the policy target of 80 %;
- townships/streets (level 4) with at least one active, public community station
  (心理健康服务驿站/社工站) anywhere in them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Concat

from content.reference.models import AdminArea, AdminAreaLevel

from .models import ServiceKind, ServicePoint, ServiceStatus, upper_bound

TARGET = 0.80


@dataclass
class Coverage:
    county: AdminArea
    villages_total: int
    villages_covered: int
    townships_total: int
    townships_covered: int
    missing_villages: list
    missing_townships: list

    @property
    def village_share(self) -> float:
        return self.villages_covered / self.villages_total if self.villages_total else 0.0

    @property
    def township_share(self) -> float:
        return self.townships_covered / self.townships_total if self.townships_total else 0.0

    @property
    def meets_target(self) -> bool:
        return self.village_share >= TARGET

    @property
    def rooms_needed(self) -> int:
        """Villages that still need a room to reach the target."""
        import math

        return max(0, math.ceil(TARGET * self.villages_total) - self.villages_covered)


def _active(kind: str):
    return ServicePoint.objects.public().filter(status=ServiceStatus.ACTIVE, kind=kind)


def compute(county: AdminArea) -> Coverage:
    prefix = county.prefix
    in_county = {"code__gte": prefix, "code__lt": upper_bound(prefix)}
    rooms = _active(ServiceKind.CONSULTATION_ROOM).filter(area_code=OuterRef("code"))
    villages = AdminArea.objects.filter(level=AdminAreaLevel.VILLAGE, **in_county).annotate(covered=Exists(rooms))
    # Stations anywhere in the township: a range on the indexed area_code column
    # (code … prefix + "999"), not a LIKE.
    stations = _active(ServiceKind.COMMUNITY_STATION).filter(
        area_code__gte=OuterRef("code"), area_code__lte=Concat(OuterRef("prefix"), Value("999"))
    )
    townships = AdminArea.objects.filter(level=AdminAreaLevel.TOWNSHIP, **in_county).annotate(covered=Exists(stations))
    missing_villages = list(villages.filter(covered=False).select_related("parent").order_by("code"))
    missing_townships = list(townships.filter(covered=False).order_by("code"))
    villages_total = villages.count()
    townships_total = townships.count()
    return Coverage(
        county=county,
        villages_total=villages_total,
        villages_covered=villages_total - len(missing_villages),
        townships_total=townships_total,
        townships_covered=townships_total - len(missing_townships),
        missing_villages=missing_villages,
        missing_townships=missing_townships,
    )
