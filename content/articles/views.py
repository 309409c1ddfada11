"""Admin report: articles whose expert review is overdue or due within 30 days."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView

from .models import ArticlePage

REVIEW_WINDOW_DAYS = 30


class ReviewDueReportView(ReportView):
    page_title = _("待复审文章")
    header_icon = "time"
    model = ArticlePage
    results_template_name = "articles/admin/review_due_results.html"
    index_url_name = "articles_review_due"
    index_results_url_name = "articles_review_due_results"
    context_object_name = "articles"
    list_export = ["title", "reviewer", "reviewed_date", "next_review_date", "review_status"]
    export_headings = {
        "title": _("标题"),
        "reviewer": _("审核专家"),
        "reviewed_date": _("最近审核"),
        "next_review_date": _("下次审核"),
        "review_status": _("状态"),
    }
    any_permission_required = ["add", "change", "publish"]

    def get_filename(self):
        return f"articles-review-due-{timezone.localdate():%Y-%m-%d}"

    def user_has_permission(self, permission):
        user = self.request.user
        return (
            user.is_superuser
            or user.has_perm("articles.view_articlepage")
            or user.has_perm("wagtailadmin.access_admin")
        )

    def get_queryset(self):
        horizon = timezone.localdate() + datetime.timedelta(days=REVIEW_WINDOW_DAYS)
        return (
            ArticlePage.objects.filter(next_review_date__isnull=False, next_review_date__lte=horizon)
            .select_related("reviewer")
            .order_by("next_review_date", "title")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context
