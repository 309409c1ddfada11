"""Writing validated event rows: pages, their revisions and the attendance reports, in
one transaction, all or nothing.

A Wagtail page saved the editor's way does a lot per page: treebeard finds the last
child, the page is cleaned (slug uniqueness among siblings), a revision is written,
publishing saves the page again and sends ``page_published`` (the site search indexes
the page, the page cache bumps "events"), Wagtail's own search index and reference
index are updated on every save, and each attendance report's save copies its figures
onto the event and bumps "reach". Here the same rows are written in bulk:

- new pages get consecutive tree paths after the index's last child (one query), are
  inserted with ``save(clean=False)`` (the importer made the slugs unique), and the
  index's ``numchild`` is updated once;
- revisions and log entries (pages and reports) are written with ``bulk_create``; a
  published page's ``live_revision`` is the revision written for it;
- reports are written with ``bulk_create`` and one ``executemany`` UPDATE, the
  events' copies of the figures with another;
- the per-save work (Wagtail's search index, the reference index) is suspended; the
  site search and Wagtail's index are updated for the touched pages, and the page cache
  bumped once ("events", "reach"), after the transaction commits.

An unchanged row writes nothing: re-importing a file changes nothing, and a row whose
figures changed gets a new report revision, so the history shows who changed what.
See docs/benchmarks.md for what each of these costs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone

from anxin.cache import pages as page_cache
from content.reference.models import Audience
from content.reference.slugs import pinyin_slug

from .models import AttendanceReport, EventPage
from .models.pages import REPORT_FIGURES, report_figure_values
from .spreadsheet import FIGURES, EventRecord

BATCH = 500
logger = logging.getLogger(__name__)
PAGE_FIELDS = (
    "title",
    "kind",
    "start",
    "end",
    "area_id",
    "organizer_id",
    "campaign_id",
    "address",
    "online_url",
    "capacity",
    "summary",
)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reports: int = 0  # reports created or changed
    encoding: str = ""


@contextmanager
def bulk_page_writes():
    """No per-save Wagtail search indexing or reference-index update while importing."""
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    disconnected = post_save.disconnect(post_save_signal_handler, sender=EventPage)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=EventPage)


def update_many(model, fields: list[str], objects) -> None:
    """``UPDATE … SET field = %s … WHERE pk = %s`` for each object, one ``executemany``:
    Django's ``bulk_update`` builds a CASE expression per field and row and spent more
    time resolving it than the database spent on the whole import (docs/benchmarks.md)."""
    objects = list(objects)
    if not objects:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # identifiers from the model's metadata, quoted; every value is a parameter
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in columns),
        quote(meta.pk.column),
    )
    params = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns] + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _in_memory_relations(page: EventPage, audiences: list) -> None:
    """Tell a just-created page it has no child objects and these audiences, so its
    revision's ``serializable_data()`` reads them from memory instead of asking the
    database once per relation (7 ms a page)."""
    from modelcluster.models import get_all_child_relations

    for relation in get_all_child_relations(page):
        setattr(page, relation.get_accessor_name(), [])
    page.audiences = audiences


def _unique_slug(record: EventRecord, taken: set[str]) -> str:
    base = f"{pinyin_slug(record.title, max_length=50) or 'event'}-{record.start:%Y%m%d}"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def _apply(page: EventPage, record: EventRecord) -> bool:
    """Set the page's fields from the record; True if anything changed."""
    values = {
        "title": record.title,
        "kind": record.kind,
        "start": record.start,
        "end": record.end,
        "area_id": record.area_code,
        "organizer_id": record.organizer_id,
        "campaign_id": record.campaign_id,
        "address": record.address,
        "online_url": record.online_url,
        "capacity": record.capacity,
        "summary": record.summary,
    }
    changed = False
    for name, value in values.items():
        if getattr(page, name) != value:
            setattr(page, name, value)
            changed = True
    if page.draft_title != record.title:
        page.draft_title = record.title
        changed = True
    return changed


def write_records(
    records: list[EventRecord],
    *,
    user,
    index_page,
    publish: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Create or update every record (one transaction)."""
    from wagtail.models import Page, PageLogEntry, Revision

    result = ImportResult()
    now = timezone.now()
    page_type = ContentType.objects.get_for_model(EventPage)
    base_type = ContentType.objects.get_for_model(Page)
    report_type = ContentType.objects.get_for_model(AttendanceReport)
    audience_through = EventPage.audiences.through
    audience_objects = Audience.objects.in_bulk()
    touched_pages: list[int] = []
    with transaction.atomic(), bulk_page_writes():
        index_page = Page.objects.select_for_update().get(pk=index_page.pk)
        taken = set(
            Page.objects.filter(path__startswith=index_page.path, depth=index_page.depth + 1).values_list(
                "slug", flat=True
            )
        )
        last = index_page.get_last_child()
        step = EventPage._str2int(last.path[-EventPage.steplen :]) if last else 0
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            by_pk = EventPage.objects.in_bulk([r.pk for r in batch if r.pk])
            keyed = [r for r in batch if not r.pk]
            by_key = {}
            if keyed:
                candidates = EventPage.objects.filter(
                    organizer_id__in={r.organizer_id for r in keyed},
                    start__in={r.start for r in keyed},
                    title__in={r.title for r in keyed},
                ).order_by("pk")
                for page in candidates:
                    by_key.setdefault((page.organizer_id, page.title, page.start), page)
            existing_audiences: dict[int, set[int]] = {}
            known = [p.pk for p in [*by_pk.values(), *by_key.values()]]
            for page_id, audience_id in audience_through.objects.filter(eventpage_id__in=known).values_list(
                "eventpage_id", "audience_id"
            ):
                existing_audiences.setdefault(page_id, set()).add(audience_id)
            reports = {r.event_id: r for r in AttendanceReport.objects.filter(event_id__in=known)}

            written: list[tuple[EventPage, bool]] = []  # (page, is_new)
            audience_rows, replaced_audiences = [], []
            for record in batch:
                page = by_pk.get(record.pk) if record.pk else by_key.get(record.key)
                is_new = page is None
                if is_new:
                    step += 1
                    page = EventPage(
                        slug=_unique_slug(record, taken),
                        depth=index_page.depth + 1,
                        path=EventPage._get_path(index_page.path, index_page.depth + 1, step),
                        numchild=0,
                        owner=user,
                        locale_id=index_page.locale_id,
                        live=publish,
                        has_unpublished_changes=not publish,
                        first_published_at=now if publish else None,
                        last_published_at=now if publish else None,
                        latest_revision_created_at=now,
                    )
                    _apply(page, record)
                    page._cached_parent_obj = index_page  # Page.save sets url_path from it
                    page._is_site_root = False  # Page.save asks otherwise (a query a page)
                    page.save(clean=False, log_action=None)  # logged in bulk below
                    _in_memory_relations(page, [audience_objects[pk] for pk in record.audience_ids])
                    result.created += 1
                else:
                    audiences_changed = existing_audiences.get(page.pk, set()) != set(record.audience_ids)
                    if not _apply(page, record) and not audiences_changed:
                        result.unchanged += 1
                        record.page_id = page.pk
                        continue
                    if page.live:
                        page.last_published_at = now
                    page.latest_revision_created_at = now
                    page.save(clean=False, log_action=None)
                    replaced_audiences.append(page.pk)
                    result.updated += 1
                record.page_id = page.pk
                written.append((page, is_new))
                audience_rows += [
                    audience_through(eventpage_id=page.pk, audience_id=audience_id)
                    for audience_id in record.audience_ids
                ]
            # unchanged rows still need their page id for the reports below
            for record in batch:
                if not hasattr(record, "page_id"):
                    page = by_pk.get(record.pk) if record.pk else by_key.get(record.key)
                    record.page_id = page.pk
            if replaced_audiences:
                audience_through.objects.filter(eventpage_id__in=replaced_audiences).delete()
            audience_through.objects.bulk_create(audience_rows)

            # a revision and log entries for every page written
            revisions = Revision.objects.bulk_create(
                [
                    Revision(
                        content_type=page_type,
                        base_content_type=base_type,
                        object_id=str(page.pk),
                        user=user,
                        created_at=now,
                        content=page.serializable_data(),
                        object_str=page.title,
                    )
                    for page, _is_new in written
                ]
            )
            logs = []
            for (page, is_new), revision in zip(written, revisions, strict=True):
                page.latest_revision = revision
                if page.live:
                    page.live_revision = revision
                actions = ["wagtail.create" if is_new else "wagtail.edit"] + (["wagtail.publish"] if page.live else [])
                logs += [
                    PageLogEntry(
                        content_type=page_type,
                        label=page.title,
                        action=action,
                        page_id=page.pk,
                        revision=revision,
                        user=user,
                        timestamp=now,
                        data={},
                    )
                    for action in actions
                ]
            update_many(Page, ["latest_revision", "live_revision"], [page for page, _is_new in written])
            PageLogEntry.objects.bulk_create(logs)
            touched_pages += [page.pk for page, _is_new in written]

            result.reports += _write_reports(batch, reports, user, report_type, now)
            if progress:
                progress(len(batch))
        if result.created:
            Page.objects.filter(pk=index_page.pk).update(numchild=F("numchild") + result.created)
    if touched_pages or result.reports:
        transaction.on_commit(lambda: after_import(touched_pages), robust=True)
    return result


def _write_reports(batch: list[EventRecord], reports: dict, user, report_type, now) -> int:
    """Create or update the batch's attendance reports, with a revision each; copy the
    figures onto the events. Returns how many reports were created or changed."""
    from wagtail.models import ModelLogEntry, Revision

    new, changed = [], []
    for record in batch:
        if record.figures is None:
            continue
        report = reports.get(record.page_id)
        if report is None:
            report = AttendanceReport(event_id=record.page_id, **record.figures)
            report.reach = report.attendees + report.online_views
            new.append(report)
        elif any(getattr(report, key) != value for key, value in record.figures.items()):
            for key, value in record.figures.items():
                setattr(report, key, value)
            report.reach = report.attendees + report.online_views
            report.updated_at = now
            changed.append(report)
    if not new and not changed:
        return 0
    AttendanceReport.objects.bulk_create(new)
    for report in new:
        report.breakdown = []  # none yet: serializable_data() need not ask
    update_many(AttendanceReport, [*FIGURES, "reach", "updated_at"], changed)
    written = [*new, *changed]
    titles = dict(EventPage.objects.filter(pk__in=[r.event_id for r in written]).values_list("pk", "title"))
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=report_type,
                base_content_type=report_type,
                object_id=str(report.pk),
                user=user,
                created_at=now,
                content=report.serializable_data(),
                object_str=f"{titles.get(report.event_id, '')}",
            )
            for report in written
        ]
    )
    for report, revision in zip(written, revisions, strict=True):
        report.latest_revision = revision
    update_many(AttendanceReport, ["latest_revision"], written)
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=report_type,
                label=str(titles.get(report.event_id, "")),
                action="wagtail.create" if report in new else "wagtail.edit",
                object_id=str(report.pk),
                revision=revision,
                user=user,
                timestamp=now,
                data={},
            )
            for report, revision in zip(written, revisions, strict=True)
        ]
    )
    events = []
    for report in written:
        event = EventPage(pk=report.event_id)
        for name, value in report_figure_values({key: getattr(report, key) for key in REPORT_FIGURES}).items():
            setattr(event, name, value)
        events.append(event)
    update_many(EventPage, list(report_figure_values(None)), events)
    return len(written)


def after_import(page_ids: list[int]) -> None:
    """Once the rows are committed: the site search and Wagtail's own index for the pages
    written, then one page-cache bump. A failure in an index is logged and never undoes
    the import (``manage.py update_index`` rebuilds it)."""
    from wagtail.search.backends import get_search_backend

    from .search import document_id, event_document

    pages = list(
        EventPage.objects.filter(pk__in=page_ids).select_related("organizer", "area").prefetch_related("audiences")
    )
    try:
        from search import index

        # view restrictions are inherited: the pages share their index's
        restricted = bool(pages) and pages[0].get_view_restrictions().exists()
        public = [p for p in pages if p.live and not restricted]
        for start in range(0, len(public), 1000):
            index.index_documents([event_document(p) for p in public[start : start + 1000]])
        public_ids = {p.pk for p in public}
        drafts = [document_id(p.pk) for p in pages if p.pk not in public_ids]
        if drafts:
            index.delete_documents(drafts)
    except Exception:
        logger.exception("indexing imported events failed")
    try:
        backend = get_search_backend()
        for start in range(0, len(pages), 1000):
            with transaction.atomic():
                backend.add_bulk(EventPage, pages[start : start + 1000])
    except Exception:
        logger.exception("updating the admin search index after an events import failed")
    page_cache.changed("events", "reach")
