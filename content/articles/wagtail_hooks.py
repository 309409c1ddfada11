from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import ReviewDueReportView


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("reports/articles-review-due/", ReviewDueReportView.as_view(), name="articles_review_due"),
        path(
            "reports/articles-review-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="articles_review_due_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return MenuItem(_("待复审文章"), reverse("articles_review_due"), icon_name="time", order=700)
