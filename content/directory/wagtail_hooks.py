"""The 服务目录 admin group: service points (+ a "needs checking" list), services
offered, readers' corrections, the coverage report and the spreadsheet import."""

from __future__ import annotations

import django_filters
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import COVERAGE_PERMISSIONS, IMPORT_PERMISSIONS, CoverageReportView, SpreadsheetImportView, has_all
from .counts import directory_changed
from .models import (
    CorrectionReport,
    ServiceKind,
    ServiceOffered,
    ServicePoint,
    ServiceStatus,
    upper_bound,
)


class ServicePointFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("服务类型"), choices=ServiceKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ServiceStatus.choices)
    area = django_filters.CharFilter(
        label=_("区划代码"), method="filter_area", help_text=_("区县、镇/街道或村/社区代码，含下级")
    )
    needs_checking = django_filters.BooleanFilter(label=_("超过 12 个月未核实"), method="filter_needs_checking")

    class Meta:
        model = ServicePoint
        fields = ["kind", "status", "live", "is_illustrative"]

    def filter_area(self, queryset, name, value):
        code = (value or "").strip()
        if not code.isdigit():
            return queryset.none()
        prefix = code.rstrip("0") or code
        if len(code) == 12:
            from content.reference.models import LEVEL_DIGITS, level_of

            prefix = code[: LEVEL_DIGITS[level_of(code)]]
        return queryset.filter(area_code__gte=prefix, area_code__lt=upper_bound(prefix))

    def filter_needs_checking(self, queryset, name, value):
        if value is None:
            return queryset
        checking = ServicePoint.objects.needs_checking().values("pk")
        return queryset.filter(pk__in=checking) if value else queryset.exclude(pk__in=checking)


class ServicePointViewSet(SnippetViewSet):
    model = ServicePoint
    icon = "site"
    menu_label = _("服务点")
    menu_order = 100
    list_display = [
        "name",
        Column("kind", label=_("类型"), accessor="get_kind_display"),
        Column("area", label=_("区划")),
        Column("status", label=_("状态"), accessor="get_status_display"),
        DateColumn("last_verified", label=_("最近核实")),
        "live",
    ]
    list_per_page = 50
    filterset_class = ServicePointFilterSet
    search_fields = ["name", "address"]
    # Plain ORM search (icontains) in the admin: editors search names and addresses.
    search_backend_name = None
    list_export = ["uuid", "name", "kind", "area_code", "address", "status", "last_verified"]
    export_filename = "service-points"
    ordering = ["area_code", "id"]

    def get_queryset(self, request):
        return ServicePoint.objects.select_related("area")


def menu_item_requiring(*perms, any_of=False):
    """A menu item class shown only to users the view behind it would let in."""

    def is_shown(self, request):
        user = request.user
        if any_of:
            return user.is_active and any(user.has_perm(p) for p in perms)
        return has_all(user, perms)

    return type("PermissionMenuItem", (MenuItem,), {"is_shown": is_shown})


# The service-point listing lets in any of the model's permissions (Wagtail's index view).
LISTING_PERMISSIONS = tuple(f"directory.{a}_servicepoint" for a in ("add", "change", "delete", "view"))


class NeedsCheckingViewSet(ViewSet):
    """A menu entry for the "needs checking" list: the service-point list filtered to
    entries not verified for 12 months (oldest first)."""

    name = "directory_needs_checking"
    icon = "warning"
    menu_label = _("待核实")
    menu_order = 110
    menu_item_class = menu_item_requiring(*LISTING_PERMISSIONS, any_of=True)

    @property
    def menu_url(self):
        return reverse("wagtailsnippets_directory_servicepoint:list") + "?needs_checking=true&ordering=last_verified"


class ServiceOfferedViewSet(SnippetViewSet):
    model = ServiceOffered
    icon = "tag"
    menu_label = _("服务项目")
    menu_order = 120
    list_display = ["name", "slug", "sort_order"]


class CorrectionFilterSet(WagtailFilterSet):
    class Meta:
        model = CorrectionReport
        fields = ["status", "problem"]


class CorrectionReportViewSet(SnippetViewSet):
    model = CorrectionReport
    icon = "mail"
    menu_label = _("纠错反馈")
    menu_order = 130
    list_display = ["service_point", "problem", "status", DateColumn("created_at", label=_("提交时间"))]
    filterset_class = CorrectionFilterSet
    inspect_view_enabled = True
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return CorrectionReport.objects.select_related("service_point")


class CoverageViewSet(ViewSet):
    name = "directory_coverage"
    icon = "table"
    menu_label = _("覆盖率报告")
    menu_order = 140
    menu_item_class = menu_item_requiring(*COVERAGE_PERMISSIONS)

    def get_urlpatterns(self):
        return [path("", CoverageReportView.as_view(), name="report")]


class ImportViewSet(ViewSet):
    name = "directory_import"
    icon = "upload"
    menu_label = _("表格导入")
    menu_order = 150
    menu_item_class = menu_item_requiring(*IMPORT_PERMISSIONS)

    def get_urlpatterns(self):
        return [path("", SpreadsheetImportView.as_view(), name="import")]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = _("服务目录")
    menu_icon = "site"
    menu_order = 250
    items = (
        ServicePointViewSet,
        NeedsCheckingViewSet,
        ServiceOfferedViewSet,
        CorrectionReportViewSet,
        CoverageViewSet,
        ImportViewSet,
    )


register_snippet(DirectoryGroup)


class MarkVerifiedBulkAction(SnippetBulkAction):
    display_name = _("标记为今天已核实")
    action_type = "mark_verified"
    aria_label = _("把所选服务点标记为今天已核实")
    template_name = "directory/admin/confirm_bulk_action.html"
    action_priority = 40

    models = [ServicePoint]

    def check_perm(self, snippet):
        return self.request.user.has_perm("directory.change_servicepoint")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        today = timezone.localdate()
        pks = [obj.pk for obj in objects]
        # update() skips save(): last_verified is not indexed or denormalised anywhere, but
        # updated_at feeds the HSDS API's modified_after counts.
        num = ServicePoint.objects.filter(pk__in=pks).update(last_verified=today, updated_at=timezone.now())
        directory_changed()
        return num, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "已将 %(n)d 个服务点标记为已核实。", "已将 %(n)d 个服务点标记为已核实。", num_parent_objects
        ) % {"n": num_parent_objects}


class CloseTemporarilyBulkAction(MarkVerifiedBulkAction):
    display_name = _("设为暂停服务")
    action_type = "close_temporarily"
    aria_label = _("把所选服务点设为暂停服务")
    template_name = "directory/admin/confirm_bulk_action.html"
    action_priority = 45

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        from .signals import reindex

        pks = [obj.pk for obj in objects]
        num = (
            ServicePoint.objects.filter(pk__in=pks)
            .exclude(status=ServiceStatus.DEFUNCT)
            .update(status=ServiceStatus.TEMPORARILY_CLOSED, updated_at=timezone.now())
        )
        reindex(pks)
        return num, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "已将 %(n)d 个服务点设为暂停服务。", "已将 %(n)d 个服务点设为暂停服务。", num_parent_objects
        ) % {"n": num_parent_objects}


hooks.register("register_bulk_action", MarkVerifiedBulkAction)
hooks.register("register_bulk_action", CloseTemporarilyBulkAction)


def warn_about_missing_hours(request, instance):
    """After saving an entry: a hotline or online service without any hours gets a warning
    (saved anyway; readers would see only 开放时间以电话咨询为准)."""
    if isinstance(instance, ServicePoint) and instance.lacks_hours:
        from django.contrib import messages

        from .opening import missing_hours_message

        messages.warning(request, f"{instance.name}：{missing_hours_message()}")


hooks.register("after_create_snippet", warn_about_missing_hours)
hooks.register("after_edit_snippet", warn_about_missing_hours)
