from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from .models import ArticlePage
from .review import approval_needs_profile, expert_profile_url
from .views import ExpertProfileView, ReviewDueReportView, can_view_review_due


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("reports/articles-review-due/", ReviewDueReportView.as_view(), name="articles_review_due"),
        path(
            "reports/articles-review-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="articles_review_due_results",
        ),
        path("articles/expert-profile/", ExpertProfileView.as_view(), name="articles_expert_profile"),
    ]


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_review_due(request.user)


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReviewDueMenuItem(_("待复审文章"), reverse("articles_review_due"), icon_name="time", order=700)


@hooks.register("before_edit_page")
def warn_review_overdue(request, page):
    """Editors opening an article whose next review date has passed are told so."""
    if request.method != "GET" or not isinstance(page.specific, ArticlePage):
        return
    article = page.specific
    if article.review_status == "overdue":
        messages.warning(
            request,
            _("内容待复审：下次审核日期 %(date)s 已过。请核对内容后提交专家审核，批准后审核日期会顺延。")
            % {"date": article.next_review_date.isoformat()},
        )


@hooks.register("before_edit_page")
def refuse_approval_without_expert_profile(request, page):
    """批准 in the edit view by an approver without an Expert profile: refused with a
    message and sent to 关联专家档案, as the workflow action URL does (nothing saved)."""
    if approval_needs_profile(request, page):
        messages.error(
            request,
            _(
                "尚未批准：您的账号还没有关联专家档案，文章没有发布，本次修改也没有保存。请先关联专家档案，再回到文章批准。"
            ),
        )
        return redirect(expert_profile_url(page))
