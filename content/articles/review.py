"""Expert review as a workflow that records itself.

The 专家审核 workflow's task is an ``ExpertReviewTask``: approving it writes the
approving expert, the day of approval and the next review date into the revision
that Wagtail then publishes. Outside that approval only administrators may publish
an article (``ArticlePermissionTester``), so nothing reaches readers unreviewed —
not through "发布", bulk publishing, scheduling or reverting a revision.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
from contextvars import ContextVar

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, PagePermissionTester, WorkflowState

# Set while an ExpertReviewTask approval publishes the page it approved.
_approving_page = ContextVar("approving_page", default=None)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def is_administrator(user) -> bool:
    from content.home.roles import ROLE_ADMINS

    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = "_anxin_is_administrator"
    if not hasattr(user, cache):
        setattr(user, cache, user.groups.filter(name=ROLE_ADMINS).exists())
    return getattr(user, cache)


def expert_for(user):
    from content.reference.models import Expert

    if user is None or not user.is_authenticated:
        return None
    return Expert.objects.filter(user=user).first()


def review_interval_months(page) -> int:
    from content.home.models import DEFAULT_REVIEW_INTERVAL_MONTHS, ReviewSettings

    site = page.get_site()
    if site is None:
        return DEFAULT_REVIEW_INTERVAL_MONTHS
    return ReviewSettings.for_site(site).interval_months


def record_review(page, expert, today: datetime.date | None = None):
    """Write the review onto ``page`` (an unsaved copy of the revision to publish).

    The next review date is the editor's when they set one after today that is not the
    date the last approval left (so a re-approval always moves the dates on);
    otherwise today plus the site's interval.
    """
    today = today or timezone.localdate()
    previous = page.live_revision.as_object().next_review_date if page.live_revision_id else None
    editor_date = page.next_review_date
    page.reviewer = expert
    page.reviewed_date = today
    if not (editor_date and editor_date > today and editor_date != previous):
        page.next_review_date = add_months(today, review_interval_months(page))
    return page


@contextlib.contextmanager
def approval_publishing(page_pk):
    token = _approving_page.set(page_pk)
    try:
        yield
    finally:
        _approving_page.reset(token)


def expert_profile_url(page) -> str:
    """关联专家档案, coming back to the article's edit page afterwards."""
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return f"{reverse('articles_expert_profile')}?{urlencode({'next': edit_url})}"


def approval_needs_profile(request, page) -> bool:
    """The edit view's 批准 (``action-workflow-action`` + ``workflow-action-name=approve``)
    on an article in expert review, by an approver who has no Expert profile.

    Wagtail's edit view ignores what ``on_action`` returns, so the refusal there would be
    silent: this is checked before the edit view saves or acts on anything."""
    from .models import ArticlePage

    post = request.POST
    if request.method != "POST" or not post.get("action-workflow-action"):
        return False
    if post.get("workflow-action-name") != "approve":
        return False
    if not isinstance(page.specific, ArticlePage):
        return False
    task = page.current_workflow_task
    if task is None or not isinstance(task.specific, ExpertReviewTask):
        return False
    if "approve" not in [name for name, _label, _modal in task.specific.get_actions(page, request.user)]:
        return False
    return expert_for(request.user) is None


class ExpertReviewTask(AbstractGroupApprovalTask):
    """Group approval by 审核专家 that records who approved an article and when."""

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        from .models import ArticlePage

        page = task_state.workflow_state.content_object
        if not isinstance(page.specific, ArticlePage):
            return super().on_action(task_state, user, action_name, **kwargs)
        page = page.specific
        expert = expert_for(user)
        if expert is None:
            # Refused: the approval would not say who reviewed. Ask for the profile first.
            return expert_profile_url(page)
        latest = page.get_latest_revision_as_object()
        record_review(latest, expert)
        latest.save_revision(user=user, log_action=True, clean=False)
        # Wagtail publishes the workflow object's latest revision: read it afresh so
        # that it is the one just written (a cached page would still point at the last).
        task_state.workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
        with approval_publishing(page.pk):
            task_state.approve(user=user, **kwargs)
        return None

    @classmethod
    def get_description(cls):
        return _("审核专家批准后发布文章，并记录审核专家、审核日期和下次审核日期")

    class Meta:
        verbose_name = _("专家审核任务")
        verbose_name_plural = _("专家审核任务")


class ArticlePermissionTester(PagePermissionTester):
    """Only administrators publish an article directly; everyone else through approval."""

    def can_publish(self):
        if not super().can_publish():
            return False
        if is_administrator(self.user):
            return True
        return _approving_page.get() == self.page.pk and self.page.reviewer_id is not None

    def can_publish_subpage(self):
        return super().can_publish_subpage() and is_administrator(self.user)
