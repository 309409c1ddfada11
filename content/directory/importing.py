"""Writing validated directory records: shared by the spreadsheet and HSDS importers.

Both importers work in two passes over a (re-readable) source so memory stays flat:

1. validate every record, collecting *every* problem as a RowError (row, column, message);
2. only if there is none, write all records in one transaction, in batches.

One bad record therefore rejects the whole file and nothing is written.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from django.db import transaction
from django.db.models.signals import post_save

from content.reference.models import AdminArea, Audience, Organization
from content.reference.spreadsheet_import import ImportRejected, RowError

from .models import OpeningHours, ServiceOffered, ServicePoint, ServicePointPhone
from .signals import indexing_suspended, reindex

BATCH = 500
__all__ = ["BATCH", "HoursRow", "ImportRejected", "Record", "RowError", "known_area_codes", "write_records"]
logger = logging.getLogger(__name__)


@dataclass
class HoursRow:
    weekday: int
    opens: time
    closes: time


@dataclass
class Record:
    """One service point as an importer understood it (already validated)."""

    name: str
    kind: str
    row: int | str = 0
    uuid: uuid.UUID | None = None
    description: str = ""
    organization_name: str = ""
    organization_hsds_id: uuid.UUID | None = None
    organization_description: str = ""
    area_code: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    website: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)  # (label, number)
    hours: list[HoursRow] = field(default_factory=list)
    is_24_7: bool = False
    hours_note: str = ""
    services_offered: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    audiences: list[str] = field(default_factory=list)  # slugs
    fee: str = "free"
    fee_note: str = ""
    accessibility: str = ""
    booking: str = "walk_in"
    status: str = "active"
    last_verified: date | None = None
    is_illustrative: bool = False


def hours_warning(record: Record, column: str) -> RowError | None:
    """A warning (not an error: the row is imported) for a hotline or online service
    that says nothing about its hours."""
    from .opening import has_unknown_hours, missing_hours_message

    if has_unknown_hours(
        kind=record.kind, is_24_7=record.is_24_7, has_schedule=bool(record.hours), hours_note=record.hours_note
    ):
        return RowError(record.row, column, missing_hours_message())
    return None


def known_area_codes(codes: Iterable[str]) -> set[str]:
    codes = {c for c in codes if c}
    return set(AdminArea.objects.filter(code__in=codes).values_list("code", flat=True)) if codes else set()


def known_audiences() -> set[str]:
    return set(Audience.objects.values_list("slug", flat=True))


def _organization(record: Record, cache: dict) -> Organization | None:
    from .models import OrganizationHsdsId

    key = (record.organization_hsds_id, record.organization_name)
    if key in cache:
        return cache[key]
    org = None
    if record.organization_hsds_id:
        link = OrganizationHsdsId.objects.select_related("organization").filter(hsds_id=record.organization_hsds_id)
        link = link.first()
        org = link.organization if link else None
    if org is None and record.organization_name:
        org, _created = Organization.objects.get_or_create(
            name=record.organization_name, defaults={"description": record.organization_description}
        )
        if record.organization_hsds_id and not OrganizationHsdsId.objects.filter(organization=org).exists():
            OrganizationHsdsId.objects.create(organization=org, hsds_id=record.organization_hsds_id)
    cache[key] = org
    return org


def _find_existing(records: list[Record]) -> dict:
    """Existing entries for a batch: by uuid, else by (name, area_code, kind)."""
    by_uuid = {
        sp.uuid: sp for sp in ServicePoint.objects.filter(uuid__in=[r.uuid for r in records if r.uuid is not None])
    }
    names = [r.name for r in records if r.uuid is None]
    by_key = {}
    if names:
        for sp in ServicePoint.objects.filter(name__in=names):
            by_key[(sp.name, sp.area_code, sp.kind)] = sp
    return {"uuid": by_uuid, "key": by_key}


@contextmanager
def bulk_writes():
    """Skip the per-save work Wagtail does for editors (reference index, admin search
    index) while a bulk job writes; the job updates the admin search index in bulk."""
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    disconnected = post_save.disconnect(post_save_signal_handler, sender=ServicePoint)
    try:
        with disable_reference_index_auto_update(), indexing_suspended():
            yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=ServicePoint)


def update_admin_search_index(pks: list[int]) -> None:
    """Wagtail's own index (the snippet chooser's search box), in bulk. A failure there is
    logged and never undoes an import: ``manage.py update_index`` rebuilds it."""
    try:
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        for start in range(0, len(pks), 1000):
            with transaction.atomic():
                backend.add_bulk(ServicePoint, list(ServicePoint.objects.filter(pk__in=pks[start : start + 1000])))
    except Exception:
        logger.exception("updating the admin search index after an import failed")


def write_records(
    records: Iterable[Record], progress: Callable[[int], None] | None = None, index: bool = True
) -> tuple[int, int]:
    """Create or update every record (one transaction). Returns (created, updated).

    Rows are saved one by one (save() keeps the denormalised columns), their phones,
    hours and M2M rows are written with one bulk_create per batch.
    """
    created = updated = 0
    touched: list[int] = []
    org_cache: dict = {}
    offered_cache = {o.slug: o for o in ServiceOffered.objects.all()}
    audience_ids = dict(Audience.objects.values_list("slug", "id"))
    audience_through = ServicePoint.audiences.through
    offered_through = ServicePoint.services_offered.through
    with transaction.atomic(), bulk_writes():
        batch: list[Record] = []

        def flush():
            nonlocal created, updated
            existing = _find_existing(batch)
            phones, hours, audience_rows, offered_rows, replaced = [], [], [], [], []
            for record in batch:
                sp = existing["uuid"].get(record.uuid) if record.uuid else None
                if sp is None and record.uuid is None:
                    sp = existing["key"].get((record.name, record.area_code, record.kind))
                is_new = sp is None
                if is_new:
                    sp = ServicePoint(uuid=record.uuid or uuid.uuid4())
                else:
                    replaced.append(sp.pk)
                _apply(sp, record, org_cache)
                sp.live = True
                sp.save()
                phones += [
                    ServicePointPhone(service_point_id=sp.pk, label=label, number=number, sort_order=i)
                    for i, (label, number) in enumerate(record.phones)
                ]
                hours += [
                    OpeningHours(service_point_id=sp.pk, weekday=h.weekday, opens=h.opens, closes=h.closes)
                    for h in record.hours
                ]
                for slug, name in record.services_offered:
                    if slug not in offered_cache:
                        offered_cache[slug] = ServiceOffered.objects.create(slug=slug, name=name or slug)
                offered_ids = {offered_cache[slug].pk for slug, _name in record.services_offered}
                offered_rows += [offered_through(servicepoint_id=sp.pk, serviceoffered_id=i) for i in offered_ids]
                wanted = {audience_ids[s] for s in record.audiences if s in audience_ids}
                audience_rows += [audience_through(servicepoint_id=sp.pk, audience_id=i) for i in wanted]
                touched.append(sp.pk)
                created += is_new
                updated += not is_new
            if replaced:
                ServicePointPhone.objects.filter(service_point_id__in=replaced).delete()
                OpeningHours.objects.filter(service_point_id__in=replaced).delete()
                audience_through.objects.filter(servicepoint_id__in=replaced).delete()
                offered_through.objects.filter(servicepoint_id__in=replaced).delete()
            ServicePointPhone.objects.bulk_create(phones)
            OpeningHours.objects.bulk_create(hours)
            audience_through.objects.bulk_create(audience_rows)
            offered_through.objects.bulk_create(offered_rows)
            if progress:
                progress(len(batch))
            batch.clear()

        for record in records:
            batch.append(record)
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        update_admin_search_index(touched)
    if index:
        transaction.on_commit(lambda: reindex(touched))
    return created, updated


def _apply(sp: ServicePoint, r: Record, org_cache: dict) -> None:
    sp.name = r.name
    sp.kind = r.kind
    sp.description = r.description
    sp.organization = _organization(r, org_cache)
    sp.area_id = r.area_code or None
    sp.address = r.address
    sp.latitude = r.latitude
    sp.longitude = r.longitude
    sp.website = r.website
    sp.is_24_7 = r.is_24_7
    sp.hours_note = r.hours_note
    sp.fee = r.fee
    sp.fee_note = r.fee_note
    sp.accessibility = r.accessibility
    sp.booking = r.booking
    sp.status = r.status
    sp.last_verified = r.last_verified
    sp.is_illustrative = r.is_illustrative
