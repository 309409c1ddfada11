"""The help a result leads to: articles for the reader's group and nearby services.

Each function runs a bounded number of queries (no loop over every page or row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Value

from content.articles.models import ArticlePage, ArticleTopic
from content.directory.models import ServiceKind, ServicePoint, ServiceStatus
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


#: Kinds of service meant for one group (职工心灵驿站, 学校心理辅导室 …): a group's own
#: consultation room, recommended wherever consultation rooms are, to a reader of the
#: group the entry names.
GROUP_KINDS = (ServiceKind.WORKPLACE_STATION, ServiceKind.SCHOOL_COUNSELLING, ServiceKind.MINOR_PROTECTION)


def _audience_links():
    return ServicePoint.audiences.through.objects.filter(servicepoint_id=OuterRef("pk"))


def _services_for(kinds: list[str], audience_ids: list[int]):
    """Open public entries of ``kinds`` meant for everyone or for the reader's group, and,
    when ``kinds`` has consultation rooms, entries of a group's own kind (``GROUP_KINDS``)
    that name the reader's group."""
    points = (
        public_service_points().filter(status=ServiceStatus.ACTIVE).annotate(for_everyone=~Exists(_audience_links()))
    )
    if not audience_ids:
        return points.filter(kind__in=kinds).annotate(serves_reader=Value(False))
    serves_reader = Exists(_audience_links().filter(audience_id__in=audience_ids))
    wanted = Q(kind__in=kinds) & (Q(for_everyone=True) | Q(serves_reader=True))
    if ServiceKind.CONSULTATION_ROOM in kinds:
        wanted |= Q(kind__in=GROUP_KINDS) & Q(serves_reader=True)
    return points.annotate(serves_reader=serves_reader).filter(wanted)


def nearby_services(
    kinds: list[str] | tuple[str, ...],
    *,
    location: tuple[float, float] | None = None,
    area_code: str | None = None,
    audience_ids: list[int] | None = None,
    limit: int = 5,
) -> list[ServiceHit]:
    """Open public service points of ``kinds`` for the reader's group (``audience_ids``; see
    ``_services_for``): nearest to ``location`` (WGS-84) if given, else in ``area_code``
    (any level) and its descendants, those naming the reader's group first, then those for
    everyone (a reader who chose no group sees them before other groups' entries). Empty without
    kinds or a place. Runs a bounded number of queries."""
    if not kinds:
        return []
    points = _services_for(list(kinds), list(audience_ids or []))
    if location is not None:
        return [_service_hit(p) for p in nearest_services(location[0], location[1], None, limit, base=points)]
    if not area_code:
        return []
    points = points.in_area(area_code).order_by("-serves_reader", "-for_everyone", "area_code", "id")
    return [_service_hit(p) for p in with_display_relations(points)[:limit]]


def related_articles(
    topics: list[str] | tuple[str, ...],
    audience_ids: list[int],
    *,
    subject_words: list[str] | tuple[str, ...] = (),
    limit: int = 4,
) -> list:
    """Live public articles for the reader's group (``audience_ids``), best first: on the
    questionnaire's subject (a topic containing one of ``subject_words``) and on the band's
    ``topics``, then on the subject, then on the band's topics, then the group's other
    articles; newest first within each. Articles for other groups only are never offered:
    a worker taking PHQ-9 is not sent to a booklet for students. One query."""
    if not audience_ids:
        return []
    tagged = ArticleTopic.objects.filter(content_object_id=OuterRef("pk"))
    on_subject = Q()
    for word in subject_words:
        on_subject |= Q(tag__name__contains=word)
    on_subject_hit = Exists(tagged.filter(on_subject)) if subject_words else Value(False)
    on_band_hit = Exists(tagged.filter(tag__name__in=list(topics))) if topics else Value(False)
    for_reader = Exists(
        ArticlePage.audiences.through.objects.filter(articlepage_id=OuterRef("pk"), audience_id__in=audience_ids)
    )
    articles = (
        ArticlePage.objects.live()
        .public()
        .filter(for_reader)
        .annotate(on_subject=on_subject_hit, on_band=on_band_hit)
        .order_by("-on_subject", "-on_band", "-first_published_at", "-pk")
    )
    return list(articles[:limit])
