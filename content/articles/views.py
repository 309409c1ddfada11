"""Admin views of expert review: the 待复审文章 report and linking an approver to an expert."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from content.reference.models import Expert

from .models import ArticlePage
from .review import expert_for

REVIEW_WINDOW_DAYS = 30


def can_view_review_due(user) -> bool:
    """Editors, reviewers and administrators: whoever may see articles (not organizers)."""
    return user.is_active and user.has_perm("articles.view_articlepage")


class ReviewDueReportView(ReportView):
    page_title = _("待复审文章")
    header_icon = "time"
    model = ArticlePage
    results_template_name = "articles/admin/review_due_results.html"
    index_url_name = "articles_review_due"
    index_results_url_name = "articles_review_due_results"
    context_object_name = "articles"
    list_export = ["title", "reviewer", "reviewed_date", "next_review_date", "review_status_label"]
    export_headings = {
        "title": _("标题"),
        "reviewer": _("审核专家"),
        "reviewed_date": _("最近审核"),
        "next_review_date": _("下次审核"),
        "review_status_label": _("状态"),
    }
    any_permission_required = ["add", "change", "publish"]

    def get_filename(self):
        return f"articles-review-due-{timezone.localdate():%Y-%m-%d}"

    def user_has_permission(self, permission):
        return can_view_review_due(self.request.user)

    def get_queryset(self):
        horizon = timezone.localdate() + datetime.timedelta(days=REVIEW_WINDOW_DAYS)
        # Due or overdue, and every live article no expert has approved.
        return (
            ArticlePage.objects.filter(
                Q(reviewer__isnull=False, next_review_date__lte=horizon) | Q(live=True, reviewer__isnull=True)
            )
            .select_related("reviewer")
            .order_by("next_review_date", "title")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


class ExpertProfileForm(forms.Form):
    expert = forms.ModelChoiceField(
        queryset=Expert.objects.filter(user__isnull=True),
        required=False,
        label=_("选择已有的专家档案"),
        empty_label=_("（新建专家档案）"),
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    title = forms.CharField(label=_("职称"), max_length=100, required=False, help_text=_("例如：主任医师、心理治疗师"))
    institution = forms.CharField(label=_("所在机构"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("expert"):
            for field in ("name", "title", "institution"):
                if not (cleaned.get(field) or "").strip():
                    self.add_error(field, _("新建专家档案时必须填写此项。"))
        return cleaned


class ExpertProfileView(WagtailAdminTemplateMixin, FormView):
    """Where an approver without an expert profile is sent instead of approving.

    The approval is refused (an approval must name the expert); here the approver
    chooses an unlinked expert profile or creates one, then goes back to approve.
    """

    template_name = "articles/admin/expert_profile.html"
    form_class = ExpertProfileForm
    page_title = _("关联专家档案")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        from content.home.roles import ROLE_REVIEWERS

        user = request.user
        if not (user.is_superuser or user.groups.filter(name=ROLE_REVIEWERS).exists()):
            raise PermissionDenied
        self.next_url = get_valid_next_url_from_request(request) or ""
        if expert_for(user) is not None:
            messages.info(request, _("您的账号已关联专家档案：%(expert)s") % {"expert": expert_for(user)})
            return redirect(self.next_url or "wagtailadmin_home")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next_url"] = self.next_url
        return context

    def form_valid(self, form):
        with transaction.atomic():
            expert = form.cleaned_data["expert"]
            if expert is None:
                expert = Expert.objects.create(
                    name=form.cleaned_data["name"].strip(),
                    title=form.cleaned_data["title"].strip(),
                    institution=form.cleaned_data["institution"].strip(),
                )
            # Only a profile nobody else holds (the queryset), and never twice.
            if Expert.objects.filter(pk=expert.pk, user__isnull=True).update(user=self.request.user) != 1:
                form.add_error("expert", _("这份专家档案已被其他账号关联，请重新选择。"))
                return self.form_invalid(form)
        messages.success(self.request, _("已关联专家档案：%(expert)s。现在可以批准文章了。") % {"expert": expert})
        return redirect(self.next_url or "wagtailadmin_home")
