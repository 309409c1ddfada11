from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import PageViewsReportView


@hooks.register("register_admin_urls")
def register_page_views_urls():
    return [
        path("reports/page-views/", PageViewsReportView.as_view(), name="readership_page_views"),
        path(
            "reports/page-views/results/",
            PageViewsReportView.as_view(results_only=True),
            name="readership_page_views_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_page_views_menu_item():
    return MenuItem(_("阅读次数"), reverse("readership_page_views"), icon_name="view", order=710)
