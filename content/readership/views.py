"""Admin report: page views of articles, events and directory entries (last 30 days,
total), with CSV/XLSX downloads of the same rows."""

from __future__ import annotations

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from . import queries
from .models import CountedKind, PageViewDay

TITLE_BATCH = 2000


def selected_kind(request) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in CountedKind.values else CountedKind.ARTICLE


def titles(kind: str, ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(ids), TITLE_BATCH):
        chunk = ids[start : start + TITLE_BATCH]
        if kind == CountedKind.SERVICE:
            model = apps.get_model("directory", "ServicePoint")
            found.update(model.objects.filter(pk__in=chunk).values_list("pk", "name"))
        else:
            found.update(Page.objects.filter(pk__in=chunk).values_list("pk", "title"))
    return found


class PageViewsReportView(ReportView):
    page_title = _("阅读次数")
    header_icon = "view"
    model = PageViewDay
    results_template_name = "readership/admin/page_views_results.html"
    index_url_name = "readership_page_views"
    index_results_url_name = "readership_page_views_results"
    context_object_name = "rows"
    list_export = ["title", "recent", "total"]
    export_headings = {
        "title": _("标题"),
        "recent": _("近 30 天页面浏览次数"),
        "total": _("累计页面浏览次数"),
    }

    def get_filename(self):
        return f"page-views-{selected_kind(self.request)}-{timezone.localdate():%Y-%m-%d}"

    def user_has_permission(self, permission):
        user = self.request.user
        return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))

    def get_queryset(self):
        return queries.ranking(selected_kind(self.request))

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        kind = selected_kind(self.request)
        names = titles(kind, [row["object_id"] for row in rows])
        for row in rows:
            row["title"] = names.get(row["object_id"], _("（已删除）"))
            row["kind"] = kind
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = selected_kind(self.request)
        context["kinds"] = [{"value": v, "label": label, "current": v == kind} for v, label in CountedKind.choices]
        context["kind"] = kind
        context["recent_days"] = queries.RECENT_DAYS
        return context
