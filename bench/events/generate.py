"""Synthetic events at scale: N live EventPages with attendance reports, inserted in bulk.

Why not ``index.add_child()``: Wagtail's page creation does a treebeard insert (locks
and updates the parent), a revision and a publish log entry per page — around 40 ms
each, over an hour for 100,000. Here the tree paths are computed directly
(``parent.path`` + the next 4-character base-36 step, which is what treebeard would
write), the ``wagtailcore_page`` rows go in with ``bulk_create`` and the EventPage rows
(multi-table inheritance: Django refuses ``bulk_create`` on a child model) with the
queryset's batched insert of the child's own columns, the parent's ``numchild`` is set
once at the end. The pages are live without revisions, like pages imported by a
migration; the admin opens them and creates a revision on the first save. Reports,
audience links and breakdowns are plain ``bulk_create``; each event row is inserted with its
report's figures already copied (EventPage.report_*), as AttendanceReport.save() would.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from content.events.models import (
    REPORT_FIGURES,
    SHANGHAI,
    AttendanceBreakdown,
    AttendanceReport,
    Campaign,
    EventIndexPage,
    EventKind,
    EventPage,
    report_figure_values,
)
from content.reference.models import AdminArea, Audience, Organization

TITLES = ["心理健康讲座", "义诊咨询", "团体辅导", "健步走", "定向赛", "骨干培训", "宣传摊位", "线上直播答疑"]


def _campaigns() -> list[Campaign]:
    campaigns = []
    for year in (2023, 2024, 2025, 2026):
        campaign, _ = Campaign.objects.get_or_create(
            slug=f"bench-{year}",
            defaults={
                "name": f"基准测试宣传活动 {year}",
                "year": year,
                "start_date": datetime.date(year, 1, 1),
                "end_date": datetime.date(year, 12, 31),
                "target_events": 20000,
                "target_reach": 2_000_000,
            },
        )
        campaigns.append(campaign)
    return campaigns


def generate(index: EventIndexPage, count: int, *, seed: int = 6, batch: int = 5000, report_share: float = 0.8):
    """Add ``count`` events under ``index``; events that have started get a report with ``report_share`` odds."""
    areas = list(AdminArea.objects.filter(code__startswith="310114", level__gte=4).values_list("code", flat=True))
    organizations = list(Organization.objects.values_list("pk", flat=True))
    audiences = list(Audience.objects.values_list("pk", flat=True))
    campaigns = [c.pk for c in _campaigns()]
    if not (areas and organizations and audiences):
        raise SystemExit("load the reference data first (content.reference.demo)")
    content_type = ContentType.objects.get_for_model(EventPage)
    from wagtail.models import Page

    index.refresh_from_db()
    depth = index.depth + 1
    # Continue after the last child (an interrupted run leaves its committed batches).
    last_path = (
        Page.objects.filter(path__startswith=index.path, depth=depth).order_by("-path").values_list("path", flat=True)
    ).first()
    first_step = (EventIndexPage._str2int(last_path[-EventIndexPage.steplen :]) if last_path else 0) + 1
    rng = random.Random(seed + first_step)
    now = timezone.now()
    span_start = datetime.datetime(2023, 1, 1, tzinfo=SHANGHAI)
    span_minutes = int((datetime.datetime(2027, 1, 1, tzinfo=SHANGHAI) - span_start).total_seconds() // 60)
    kinds = [kind.value for kind in EventKind]
    through = EventPage.audiences.through
    local_fields = list(EventPage._meta.local_concrete_fields)

    progress = tqdm(total=count, desc="events", unit="event", mininterval=5.0, disable=False)
    done = 0
    while done < count:
        size = min(batch, count - done)
        with transaction.atomic():
            pages, details = [], []
            for offset in range(size):
                number = done + offset
                step = first_step + number
                slug = f"bench-{step}"
                start = span_start + datetime.timedelta(minutes=rng.randrange(0, span_minutes, 30))
                kind = rng.choice(kinds)
                title = f"{rng.choice(TITLES)} #{step}"
                pages.append(
                    EventPage(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        path=EventIndexPage._get_path(index.path, depth, step),
                        depth=depth,
                        numchild=0,
                        url_path=f"{index.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        locale_id=index.locale_id,
                        translation_key=uuid.uuid4(),
                    )
                )
                details.append(
                    {
                        "kind": kind,
                        "organizer_id": rng.choice(organizations),
                        "area_id": rng.choice(areas),
                        "start": start,
                        "end": start + datetime.timedelta(hours=rng.choice((1, 2, 3))),
                        "campaign_id": rng.choice(campaigns) if rng.random() < 0.6 else None,
                        "capacity": rng.choice((None, 30, 50, 100, 300)),
                        "address": "" if kind == EventKind.ONLINE else "嘉定区示例路 1 号",
                        "online_url": "https://example.invalid/live" if kind == EventKind.ONLINE else "",
                        "is_live": True,
                    }
                )
            # The Page rows (treebeard's bulk path), then the EventPage rows pointing at them.
            base_rows = Page.objects.bulk_create([Page(**_page_fields(p)) for p in pages])
            events = []
            for base, page, extra in zip(base_rows, pages, details, strict=True):
                page.pk = page.page_ptr_id = base.pk
                for key, value in extra.items():
                    setattr(page, key, value)
                events.append(page)

            links, reports = [], []
            for page in events:
                for audience in rng.sample(audiences, rng.choice((1, 1, 2, 3))):
                    links.append(through(eventpage_id=page.pk, audience_id=audience))
                if page.start <= now and rng.random() < report_share:
                    attendees = rng.randint(0, 200) if page.kind != EventKind.ONLINE else 0
                    online = (
                        rng.randint(0, 3000)
                        if page.kind == EventKind.ONLINE
                        else rng.choice((0, 0, rng.randint(0, 300)))
                    )
                    report = AttendanceReport(
                        event_id=page.pk,
                        attendees=attendees,
                        online_views=online,
                        reach=attendees + online,
                        materials=rng.randint(0, 300),
                        volunteers=rng.randint(0, 20),
                        confirm_over_capacity=True,
                    )
                    reports.append(report)
                    # bulk_create skips AttendanceReport.save(): copy the figures ourselves.
                    figures = {name: getattr(report, name) for name in REPORT_FIGURES}
                    for name, value in report_figure_values(figures).items():
                        setattr(page, name, value)
            EventPage.objects.all()._batched_insert(events, local_fields, batch_size=1000)
            through.objects.bulk_create(links, batch_size=2000)
            saved = AttendanceReport.objects.bulk_create(reports, batch_size=2000)
            breakdowns = []
            for report in saved:
                if report.reach and rng.random() < 0.5:
                    share = rng.randint(0, report.reach)
                    breakdowns.append(
                        AttendanceBreakdown(
                            report_id=report.pk, audience_id=rng.choice(audiences), count=share, sort_order=0
                        )
                    )
            AttendanceBreakdown.objects.bulk_create(breakdowns, batch_size=2000)
            EventIndexPage.objects.filter(pk=index.pk).update(numchild=first_step - 1 + done + size)
        done += size
        progress.update(size)
    progress.close()
    return count


PAGE_FIELDS = (
    "title",
    "draft_title",
    "slug",
    "content_type",
    "path",
    "depth",
    "numchild",
    "url_path",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "locale_id",
    "translation_key",
)


def _page_fields(page) -> dict:
    return {name: getattr(page, name) for name in PAGE_FIELDS}
