"""Reach reports: events and people reached by month, campaign, area, organizer,
audience and kind, and each campaign's progress against its targets.

Every figure comes from a database aggregate (``values()``/``annotate()`` with
Count/Sum, ``TruncMonth`` in Asia/Shanghai) over the events table, which carries a copy
of each event's report figures; Python only formats the few result rows. The same
:class:`Table` objects feed the HTML page, the SVG charts and the CSV/XLSX downloads, so
a download holds exactly the figures shown.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import CharField, Count, F, Func, Q, Sum, Value
from django.db.models.functions import Substr, TruncMonth
from django.utils.translation import gettext as _

from content.reference import spreadsheets
from content.reference.models import LEVEL_DIGITS, AdminArea, Audience, Organization

from . import scoping
from .models import SHANGHAI, AttendanceBreakdown, Campaign, EventKind, EventPage
from .queries import local_day_bounds

DIMENSIONS = ("month", "campaign", "area", "organizer", "audience", "kind")


def metric_columns() -> list[str]:
    return [_("活动场次"), _("已填报场次"), _("现场人次"), _("线上观看人次"), _("服务人次"), _("发放资料"), _("志愿者")]


# Sums of the report figures copied onto each event (EventPage.report_*): one table, read
# from the covering indexes, no join to the reports.
METRICS = {
    "events": Count("pk"),
    "reported": Sum("report_count", default=0),
    "attendees": Sum("report_attendees", default=0),
    "online_views": Sum("report_online_views", default=0),
    "reach": Sum("report_reach", default=0),
    "materials": Sum("report_materials", default=0),
    "volunteers": Sum("report_volunteers", default=0),
}
METRIC_KEYS = list(METRICS)
REACH_INDEX = METRIC_KEYS.index("reach")


@dataclass
class Table:
    key: str
    title: str
    label: str  # the first column's heading
    columns: list[str]
    rows: list[list] = field(default_factory=list)  # [label, figure, figure, …]
    total: list | None = None
    note: str = ""
    chart_index: int = REACH_INDEX  # which figure column the chart draws

    @property
    def headers(self) -> list[str]:
        return [self.label, *self.columns]

    def chart_rows(self) -> list[tuple[str, int]]:
        return [(str(row[0]), int(row[1 + self.chart_index] or 0)) for row in self.rows]

    @property
    def chart_title(self) -> str:
        return self.columns[self.chart_index]


def base_queryset(user, date_from: date, date_to: date):
    """Live events starting within [date_from, date_to] (Asia/Shanghai days) that ``user`` may see."""
    start, end = local_day_bounds(date_from, date_to)
    queryset = EventPage.objects.filter(is_live=True, start__gte=start, start__lt=end)
    return scoping.scope_events(queryset, user).order_by()


def _figures(row: dict) -> list[int]:
    return [int(row[key] or 0) for key in METRIC_KEYS]


def totals(queryset) -> list[int]:
    return _figures(queryset.aggregate(**METRICS))


def month_in_shanghai(field: str = "start"):
    """The Asia/Shanghai month of a datetime column, computed by the database.

    PostgreSQL: ``TruncMonth(tzinfo=Asia/Shanghai)`` (``AT TIME ZONE``). SQLite has no
    time zones, and Django emulates ``TruncMonth`` with a Python function called once
    per row (3× slower at 100,000 events); Asia/Shanghai has been UTC+8 all year round
    since 1991, so SQLite's own ``strftime('%Y-%m', start, '+8 hours')`` gives the same
    month. Both are checked on the month boundary by the tests.
    """
    if connection.vendor == "sqlite":
        return Func(Value("%Y-%m"), F(field), Value("+8 hours"), function="strftime", output_field=CharField())
    return TruncMonth(field, tzinfo=SHANGHAI)


def _month_label(value) -> str:
    return value[:7] if isinstance(value, str) else f"{value:%Y-%m}"


def by_month(queryset) -> Table:
    rows = queryset.annotate(month=month_in_shanghai()).values("month").annotate(**METRICS).order_by("month")
    table = Table("month", _("按月份"), _("月份"), metric_columns())
    table.rows = [[_month_label(row["month"]), *_figures(row)] for row in rows]
    return table


# Grouping by the foreign key alone keeps each aggregate inside the covering index; the
# names of the (few) groups come from one small query afterwards.


def by_campaign(queryset) -> Table:
    rows = list(queryset.values("campaign_id").annotate(**METRICS))
    campaigns = {c.pk: c for c in Campaign.objects.filter(pk__in=[r["campaign_id"] for r in rows if r["campaign_id"]])}
    rows.sort(key=lambda r: (r["campaign_id"] is None, *_campaign_key(campaigns.get(r["campaign_id"]))))
    table = Table("campaign", _("按宣传活动"), _("宣传活动"), metric_columns())
    table.rows = [
        [
            f"{campaigns[row['campaign_id']].year} {campaigns[row['campaign_id']].name}"
            if row["campaign_id"]
            else _("（未归入宣传活动）"),
            *_figures(row),
        ]
        for row in rows
    ]
    return table


def _campaign_key(campaign) -> tuple:
    return (-campaign.year, campaign.name) if campaign else (0, "")


def by_area(queryset, level: int = 4) -> Table:
    """Grouped by the ancestor at ``level`` (3 county, 4 township, 5 village) of each event's area."""
    digits = LEVEL_DIGITS[level]
    rows = list(
        queryset.annotate(prefix=Substr("area_id", 1, digits)).values("prefix").annotate(**METRICS).order_by("prefix")
    )
    names = dict(
        AdminArea.objects.filter(code__in=[row["prefix"].ljust(12, "0") for row in rows]).values_list("code", "name")
    )
    table = Table("area", _("按地区"), _("地区"), metric_columns())
    table.rows = [[names.get(row["prefix"].ljust(12, "0"), row["prefix"]), *_figures(row)] for row in rows]
    return table


def by_organizer(queryset) -> Table:
    rows = list(queryset.values("organizer_id").annotate(**METRICS))
    names = dict(Organization.objects.filter(pk__in=[r["organizer_id"] for r in rows]).values_list("pk", "name"))
    rows.sort(key=lambda r: (-r["reach"], names.get(r["organizer_id"], "")))
    table = Table("organizer", _("按主办机构"), _("主办机构"), metric_columns())
    table.rows = [[names.get(row["organizer_id"], ""), *_figures(row)] for row in rows]
    return table


def by_kind(queryset) -> Table:
    labels = dict(EventKind.choices)
    rows = queryset.values("kind").annotate(**METRICS).order_by("-events", "kind")
    table = Table("kind", _("按活动形式"), _("活动形式"), metric_columns())
    table.rows = [[str(labels.get(row["kind"], row["kind"])), *_figures(row)] for row in rows]
    return table


def by_audience(queryset) -> Table:
    """Events aimed at each group and their reach (an event for two groups counts for both),
    and the people each group accounts for in the reports' breakdowns."""
    rows = list(queryset.values("audiences__id").annotate(**METRICS))
    audiences = {
        pk: (sort_order, name)
        for pk, sort_order, name in Audience.objects.filter(
            pk__in=[r["audiences__id"] for r in rows if r["audiences__id"]]
        ).values_list("pk", "sort_order", "name")
    }
    rows.sort(key=lambda r: (r["audiences__id"] is None, audiences.get(r["audiences__id"], (0, ""))))
    breakdown = dict(
        AttendanceBreakdown.objects.filter(report__event__in=queryset.values("pk"))
        .values("audience_id")
        .annotate(people=Sum("count"))
        .values_list("audience_id", "people")
    )
    table = Table("audience", _("按面向人群"), _("人群"), [*metric_columns(), _("分人群登记人次")])
    table.rows = [
        [
            audiences[row["audiences__id"]][1] if row["audiences__id"] else _("（未指定人群）"),
            *_figures(row),
            int(breakdown.get(row["audiences__id"], 0)) if row["audiences__id"] else 0,
        ]
        for row in rows
    ]
    table.note = _("一场活动可面向多个人群，因此各行相加会大于总数，本表不列合计。")
    return table


def dimension_table(queryset, key: str, area_level: int = 4) -> Table | None:
    """One table by key, with the same total row as on the page (None for an unknown key)."""
    builders = {
        "month": by_month,
        "campaign": by_campaign,
        "area": lambda q: by_area(q, area_level),
        "organizer": by_organizer,
        "audience": by_audience,
        "kind": by_kind,
    }
    if key not in builders:
        return None
    table = builders[key](queryset)
    if key != "audience":
        table.total = [_("合计"), *totals(queryset)]
    return table


def dimension_tables(queryset, area_level: int = 4) -> list[Table]:
    grand_total = totals(queryset)
    tables = [
        by_month(queryset),
        by_campaign(queryset),
        by_area(queryset, area_level),
        by_organizer(queryset),
        by_audience(queryset),
        by_kind(queryset),
    ]
    for table in tables:
        if table.key != "audience":
            table.total = [_("合计"), *grand_total]
    return tables


@dataclass
class Progress:
    label: str
    events: int
    target_events: int | None
    reach: int
    target_reach: int | None

    @staticmethod
    def _percent(value, target):
        return round(100 * value / target) if target else None

    @property
    def events_percent(self):
        return self._percent(self.events, self.target_events)

    @property
    def reach_percent(self):
        return self._percent(self.reach, self.target_reach)


def campaigns_overlapping(date_from: date, date_to: date):
    """The campaigns running at some point between ``date_from`` and ``date_to`` (inclusive)."""
    return Campaign.objects.filter(start_date__lte=date_to, end_date__gte=date_from)


def campaign_progress(user, date_from: date | None = None, date_to: date | None = None, campaigns=None) -> list[dict]:
    """The progress of the campaigns that overlap [date_from, date_to] (all campaigns
    without a range): each campaign's live events and reach — the whole campaign, as
    its targets are — against its targets.

    One aggregate query for all campaigns, plus one per area target row.
    """
    event_filter = Q(events__is_live=True)
    if scoping.is_scoped(user):
        event_filter &= Q(events__organizer_id=scoping.organization_id_for(user))
    if campaigns is None:
        campaigns = (
            campaigns_overlapping(date_from, date_to)
            if date_from is not None and date_to is not None
            else Campaign.objects.all()
        )
    # an aggregate drops Meta.ordering: newest campaign first, explicitly
    campaigns = campaigns.annotate(
        n_events=Count("events", filter=event_filter),
        n_reach=Sum("events__report_reach", filter=event_filter, default=0),
    ).order_by("-year", "-start_date", "name", "pk")
    results = []
    for campaign in campaigns.prefetch_related("area_targets__area"):
        overall = Progress(
            _("全部"), campaign.n_events, campaign.target_events, int(campaign.n_reach), campaign.target_reach
        )
        areas = []
        for target in campaign.area_targets.all():
            figures = scoping.scope_events(
                EventPage.objects.filter(is_live=True, campaign=campaign, area__code__startswith=target.area.prefix),
                user,
            ).aggregate(events=Count("pk"), reach=Sum("report_reach", default=0))
            areas.append(
                Progress(
                    target.area.name,
                    figures["events"],
                    target.target_events,
                    int(figures["reach"]),
                    target.target_reach,
                )
            )
        results.append({"campaign": campaign, "overall": overall, "areas": areas})
    return results


def progress_table(progress: list[dict]) -> Table:
    table = Table(
        "progress",
        _("宣传活动目标完成情况"),
        _("宣传活动 / 地区"),
        [_("活动场次"), _("目标场次"), _("场次完成率 %"), _("服务人次"), _("目标人次"), _("人次完成率 %")],
    )
    for item in progress:
        for row in [item["overall"], *item["areas"]]:
            label = str(item["campaign"]) if row is item["overall"] else f"{item['campaign']} · {row.label}"
            table.rows.append(
                [
                    label,
                    row.events,
                    row.target_events if row.target_events is not None else "",
                    row.events_percent if row.events_percent is not None else "",
                    row.reach,
                    row.target_reach if row.target_reach is not None else "",
                    row.reach_percent if row.reach_percent is not None else "",
                ]
            )
    return table


# --- downloads -----------------------------------------------------------------


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = spreadsheets.csv_writer(buffer)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    if table.total:
        writer.writerow(table.total)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens Chinese CSV correctly


def tables_xlsx(tables: list[Table], subtitle: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(title=table.title[:31])
        if subtitle:
            spreadsheets.xlsx_append(sheet, [subtitle])
        for cell in spreadsheets.xlsx_append(sheet, table.headers):
            cell.font = Font(bold=True)
        for row in table.rows:
            spreadsheets.xlsx_append(sheet, row)
        if table.total:
            spreadsheets.xlsx_append(sheet, table.total)
        sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- 线上阅读: article page views in the same date range (content/readership) -----------


def online_reading(date_from: date, date_to: date) -> tuple[str, int]:
    """Page views of articles on the Asia/Shanghai days of the range: views, not people."""
    from content.readership.queries import article_views_in_range

    return _("线上阅读：页面浏览次数（非人数）"), article_views_in_range(date_from, date_to)


def grand_total(figures: list[int], date_from: date, date_to: date) -> list[tuple[str, int]]:
    """The totals of the range, label by label, with 线上阅读 right after 线上观看人次."""
    rows = list(zip(metric_columns(), figures, strict=True))
    rows.insert(METRIC_KEYS.index("online_views") + 1, online_reading(date_from, date_to))
    return rows


def summary_table(rows: list[tuple[str, int]]) -> Table:
    """The totals as a table of their own (the XLSX download's first sheet)."""
    return Table("summary", _("合计"), _("指标"), [_("数值")], rows=[list(row) for row in rows], chart_index=0)
