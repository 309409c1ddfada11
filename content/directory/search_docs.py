"""Directory entries as search documents (search/ never imports this app).

A full reindex meets every public entry (500,000 in a national directory), so
``documents_for`` reads plain values in batches — the entries, then their phones,
audiences and services offered, one query each per batch — instead of model
instances with their prefetched relations, which cost ten times as much per entry.
``build_document`` gives the same document for one instance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import FloatField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _

from content.reference.models import ancestor_prefixes
from content.reference.phones import Phone
from search.documents import SearchDocument

from .models import OpeningHours, ServiceKind, ServicePoint, ServicePointPhone

KIND = "service"
BATCH = 2000
ENTRY_FIELDS = (
    "pk",
    "name",
    "kind",
    "description",
    "address",
    "hours_note",
    "fee_note",
    "area_code",
    "latitude",
    "longitude",
    "updated_at",
    "status",
    "is_24_7",
    "is_illustrative",
    "organization__name",
    "area__name",
)


def document_id(pk: int) -> str:
    return f"{KIND}:{pk}"


class _Labels:
    """What every document of a batch shares, worked out once: the kind labels in the
    active language (``get_kind_display()`` re-translates every choice on each call)
    and the detail URL pattern (``reverse`` per entry costs more than the rest)."""

    def __init__(self):
        self.kinds = {value: str(label) for value, label in ServiceKind.choices}
        marker = 987654321
        self.url_head, _marker, self.url_tail = reverse("directory:detail", args=[marker]).partition(str(marker))

    def url(self, pk: int) -> str:
        return f"{self.url_head}{pk}{self.url_tail}"


@dataclass
class _Related:
    phones: list[tuple[str, str]]  # (label, number)
    audiences: list[tuple[str, str]]  # (slug, name)
    offered: list[tuple[str, str]]  # (slug, name)
    has_schedule: bool = False


def hours_text(*, kind: str, is_24_7: bool, has_schedule: bool, hours_note: str) -> str:
    """What the search API and results say about hours, without the clock (never
    "closed"): 24小时开放, the hours note, or 开放时间以电话咨询为准 when nothing is known."""
    from .opening import unknown_hours_label

    if is_24_7:
        return str(_("24小时开放"))
    if hours_note:
        return hours_note
    if has_schedule:
        return str(_("按每周开放时间，详见服务点页面"))
    return str(unknown_hours_label())


def _document(entry: dict, related: _Related, labels: _Labels) -> SearchDocument:
    """The document for one public entry. Nothing time-dependent (open now) goes in."""
    org = entry["organization__name"] or ""
    kind_label = labels.kinds.get(entry["kind"], entry["kind"])
    body_parts = [
        entry["description"],
        entry["address"],
        org,
        entry["area__name"] or "",
        kind_label,
        entry["hours_note"],
        entry["fee_note"],
    ]
    body_parts += [name for _slug, name in related.offered] + [name for _slug, name in related.audiences]
    lat, lng = entry["lat"], entry["lng"]
    return SearchDocument(
        id=document_id(entry["pk"]),
        kind=KIND,
        title=entry["name"],
        url=labels.url(entry["pk"]),
        summary=entry["description"][:200],
        body="\n".join(p for p in body_parts if p),
        audiences=[slug for slug, _name in related.audiences],
        areas=ancestor_prefixes(entry["area_code"]) if entry["area_code"] else [],
        facets={"service_kind": [entry["kind"]], "service": [slug for slug, _name in related.offered]},
        location=(float(lat), float(lng)) if lat is not None and lng is not None else None,
        date=entry["updated_at"],
        phones=[Phone(number, label).as_dict() for label, number in related.phones],
        payload={
            "address": entry["address"],
            "status": entry["status"],
            "is_24_7": entry["is_24_7"],
            "has_schedule": related.has_schedule,
            "hours": hours_text(
                kind=entry["kind"],
                is_24_7=entry["is_24_7"],
                has_schedule=related.has_schedule,
                hours_note=entry["hours_note"],
            ),
            "kind_label": kind_label,
            "organization": org,
            "is_illustrative": entry["is_illustrative"],
        },
    )


def build_document(sp: ServicePoint) -> SearchDocument:
    """The document for one entry instance (the same as a reindex builds)."""
    entry = {name: getattr(sp, name) for name in ENTRY_FIELDS if "__" not in name}
    entry["lat"], entry["lng"] = sp.latitude, sp.longitude
    entry["organization__name"] = sp.organization.name if sp.organization_id else ""
    entry["area__name"] = sp.area.name if sp.area_id else ""
    related = _Related(
        phones=[(p.label, p.number) for p in sp.phones.all()],
        audiences=[(a.slug, a.name) for a in sp.audiences.all()],
        offered=[(o.slug, o.name) for o in sp.services_offered.all()],
        has_schedule=bool(sp.hours.all()),
    )
    return _document(entry, related, _Labels())


def _related(pks: list[int]) -> dict[int, _Related]:
    """Phones, audiences and services offered of the entries ``pks``, one query each.

    A batch of a reindex is a run of consecutive keys, asked for as a key range (an
    IN list of 2,000 parameters costs more to build than to run); rows of entries in
    the range but not in the batch are skipped.
    """
    related = {pk: _Related([], [], []) for pk in pks}
    if not pks:
        return related
    lo, hi = min(pks), max(pks)
    in_batch = {"__in": pks} if hi - lo + 1 > 2 * len(pks) else {"__gte": lo, "__lte": hi}

    def rows(queryset, key, *fields):
        lookup = {f"{key}{suffix}": value for suffix, value in in_batch.items()}
        for sp_id, *values in queryset.filter(**lookup).values_list(key, *fields):
            if sp_id in related:
                yield sp_id, values

    phones = ServicePointPhone.objects.order_by("service_point_id", "sort_order")
    for sp_id, (label, number) in rows(phones, "service_point_id", "label", "number"):
        related[sp_id].phones.append((label, number))
    audiences = ServicePoint.audiences.through.objects.order_by("audience__sort_order", "audience__name")
    for sp_id, (slug, name) in rows(audiences, "servicepoint_id", "audience__slug", "audience__name"):
        related[sp_id].audiences.append((slug, name))
    offered = ServicePoint.services_offered.through.objects.order_by(
        "serviceoffered__sort_order", "serviceoffered__name"
    )
    for sp_id, (slug, name) in rows(offered, "servicepoint_id", "serviceoffered__slug", "serviceoffered__name"):
        related[sp_id].offered.append((slug, name))
    for sp_id, _values in rows(OpeningHours.objects.order_by("service_point_id").distinct(), "service_point_id"):
        related[sp_id].has_schedule = True
    return related


def documents_for(queryset) -> Iterator[SearchDocument]:
    """Documents of the public entries of ``queryset``, in its order, read in batches."""
    labels = _Labels()
    batch: list[dict] = []
    # coordinates as floats: no Decimal object per value
    points = {"lat": Cast("latitude", FloatField()), "lng": Cast("longitude", FloatField())}
    fields = [f for f in ENTRY_FIELDS if f not in ("latitude", "longitude")]
    for entry in queryset.public().values(*fields, **points).iterator(chunk_size=BATCH):
        batch.append(entry)
        if len(batch) >= BATCH:
            yield from _batch_documents(batch, labels)
            batch = []
    if batch:
        yield from _batch_documents(batch, labels)


def _batch_documents(entries: list[dict], labels: _Labels) -> Iterator[SearchDocument]:
    related = _related([e["pk"] for e in entries])
    for entry in entries:
        yield _document(entry, related[entry["pk"]], labels)


def all_documents() -> Iterable[SearchDocument]:
    """The provider registered with search.registry: every public entry."""
    return documents_for(ServicePoint.objects.order_by("pk"))
