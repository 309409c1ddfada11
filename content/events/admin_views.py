"""The reach reports page in the admin, with CSV and XLSX downloads of the same tables."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import reports, scoping
from .charts import bar_chart, describe, progress_bars
from .models import SHANGHAI

REPORT_PERMISSIONS = ("events.view_attendancereport", "events.change_attendancereport", "events.add_attendancereport")


def can_view_reports(user) -> bool:
    return user.is_active and (user.is_superuser or any(user.has_perm(perm) for perm in REPORT_PERMISSIONS))


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    area_level = forms.TypedChoiceField(
        label=gettext_lazy("地区汇总到"),
        coerce=int,
        choices=[(3, gettext_lazy("区/县")), (4, gettext_lazy("镇/街道")), (5, gettext_lazy("村/社区"))],
        initial=4,
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise forms.ValidationError(_("结束日期不能早于开始日期。"))
        if data.get("date_from") and data.get("date_to") and (data["date_to"] - data["date_from"]).days > 366 * 20:
            raise forms.ValidationError(_("日期范围不能超过二十年。"))
        return data


def default_range() -> tuple[date, date]:
    """The last 12 months, today included (Beijing time)."""
    today = timezone.localdate(timezone=SHANGHAI)
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + timedelta(days=1), today


def parse_filters(request) -> tuple[ReportFilterForm, date, date, int]:
    first, last = default_range()
    data = request.GET.copy()
    if "date_from" not in data and "date_to" not in data:
        data.update({"date_from": first.isoformat(), "date_to": last.isoformat(), "area_level": "4"})
    data.setdefault("area_level", "4")
    form = ReportFilterForm(data)
    if form.is_valid():
        return form, form.cleaned_data["date_from"], form.cleaned_data["date_to"], form.cleaned_data["area_level"]
    return form, first, last, 4


def build(request):
    """Every table (the XLSX download of the whole report)."""
    form, date_from, date_to, area_level = parse_filters(request)
    queryset = reports.base_queryset(request.user, date_from, date_to)
    tables = reports.dimension_tables(queryset, area_level)
    summary = reports.summary_table(reports.grand_total(tables[0].total[1:], date_from, date_to))
    progress = reports.campaign_progress(request.user, date_from, date_to)
    return form, date_from, date_to, [summary, *tables], progress, reports.progress_table(progress)


def selected_table(request) -> str:
    """The dimension the page shows (one at a time, as tabs: each answers on its own in
    well under a second at 100,000 events; all seven at once over four years did not)."""
    key = request.GET.get("table", "")
    return key if key in reports.DIMENSIONS else reports.DIMENSIONS[0]


def build_page(request, key: str):
    form, date_from, date_to, area_level = parse_filters(request)
    queryset = reports.base_queryset(request.user, date_from, date_to)
    table = reports.dimension_table(queryset, key, area_level)
    figures = table.total[1:] if table.total else reports.totals(queryset)
    grand_total = reports.grand_total(figures, date_from, date_to)
    progress = reports.campaign_progress(request.user, date_from, date_to)
    return form, date_from, date_to, [table], progress, reports.progress_table(progress), grand_total


def build_one(request, key):
    """Only the table a CSV download asks for (the same function the page uses for it)."""
    form, date_from, date_to, area_level = parse_filters(request)
    if key == "progress":
        progress = reports.campaign_progress(request.user, date_from, date_to)
        return form, date_from, date_to, [], progress, reports.progress_table(progress)
    queryset = reports.base_queryset(request.user, date_from, date_to)
    table = reports.dimension_table(queryset, key, area_level)
    return form, date_from, date_to, [table] if table else [], [], None


def reports_view(request):
    if not can_view_reports(request.user):
        raise PermissionDenied
    if request.GET.get("format") == "csv":
        form, date_from, date_to, tables, progress, progress_table = build_one(
            request, request.GET.get("table", "month")
        )
        tables = [t for t in [*tables, progress_table] if t is not None]
    elif request.GET.get("format") == "xlsx":
        form, date_from, date_to, tables, progress, progress_table = build(request)
    else:
        current = selected_table(request)
        form, date_from, date_to, tables, progress, progress_table, grand_total = build_page(request, current)
    subtitle = _("%(start)s 至 %(end)s 开始的活动") % {"start": date_from, "end": date_to}
    if scoping.is_scoped(request.user):
        organization = scoping.organization_for(request.user)
        subtitle += _("（仅%(org)s）") % {"org": organization.name if organization else _("无所属机构")}

    fmt = request.GET.get("format")
    if fmt == "csv":
        key = request.GET.get("table", "month")
        wanted = next((t for t in tables if t.key == key), None)
        if wanted is None:
            return HttpResponse(_("没有这个报表：%(key)s") % {"key": key}, status=400, content_type="text/plain")
        response = HttpResponse(reports.table_csv(wanted), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="events-{key}-{date_from}-{date_to}.csv"'
        return response
    if fmt == "xlsx":
        body = reports.tables_xlsx([*tables, progress_table], subtitle)
        response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="events-{date_from}-{date_to}.xlsx"'
        return response

    query = request.GET.copy()
    query.pop("format", None)
    query.pop("table", None)
    titles = {"month": _("按月份"), "campaign": _("按宣传活动"), "area": _("按地区"), "organizer": _("按主办机构"),
              "audience": _("按面向人群"), "kind": _("按活动形式")}  # fmt: skip
    tabs = [{"key": key, "title": titles[key], "current": key == current} for key in reports.DIMENSIONS]
    for table in tables:
        rows = table.chart_rows()
        table.chart = bar_chart(
            f"chart-{table.key}",
            _("%(title)s的%(metric)s") % {"title": table.title, "metric": table.chart_title},
            describe(rows, _("人次")),
            rows,
        )
    for item in progress:
        overall = item["overall"]
        bars = [
            (_("活动场次"), overall.events, overall.target_events),
            (_("服务人次"), overall.reach, overall.target_reach),
        ]
        bars += [(f"{row.label} · {_('人次')}", row.reach, row.target_reach) for row in item["areas"]]
        bars += [(f"{row.label} · {_('场次')}", row.events, row.target_events) for row in item["areas"]]
        item["chart"] = progress_bars(f"progress-{item['campaign'].pk}", str(item["campaign"]), bars)
    return render(
        request,
        "events/admin/reports.html",
        {
            "form": form,
            "tables": tables,
            "tabs": tabs,
            "current": current,
            "grand_total": grand_total,
            "progress": progress,
            "progress_table": progress_table,
            "subtitle": subtitle,
            "query": query.urlencode(),
            "header_title": _("活动与服务人次报表"),
        },
    )
