"""Admin: the 活动 menu (campaigns, attendance reports, reach reports) and organizer scoping."""

from __future__ import annotations

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.reference.bulk_publish import CheckedPublishBulkActionMixin

from . import scoping
from .admin_views import can_view_reports, reports_view
from .import_views import EventImportView, can_import
from .models import AttendanceReport, Campaign, EventPage, OrganizerMembership

# --- pages: one rule (scoping.visible_pages / can_see_page) in every admin view ---------
#
# Wagtail looks up the page permission policy for every listing it filters by
# permission: the explorer, the page search, "pages using this type", the admin API
# (/admin/api/main/pages/), the site history (PageLogEntry.viewable_by_user), the
# aging-pages, locked-pages and workflow reports. ScopedPagePermissionPolicy narrows
# all of them. The views that load one page by id from the URL and have no queryset to
# narrow are closed by hooks: the explorer of a page (construct_explorer_page_queryset,
# which receives the parent page), the move confirmation (before_move_page), editing
# (before_edit_page), the bulk action confirmations (the page bulk actions below) and
# every per-page view that asks the page for its permissions (EventPage.permissions_for_user).


class ScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, without other organizations' events for scoped users."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not scoping.can_see_page(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return scoping.visible_pages(super().instances_user_has_any_permission_for(user, actions), user)

    def explorable_instances(self, user):
        return scoping.visible_pages(super().explorable_instances(user), user)


register_permission_policy(Page, ScopedPagePermissionPolicy(Page))


def _deny_unless_visible(user, *pages):
    if not all(scoping.can_see_page(user, page) for page in pages):
        raise PermissionDenied


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    # Called for every explorer listing (and the admin API's), searching or not:
    # exploring another organization's event is refused, its children are filtered.
    _deny_unless_visible(request.user, parent_page)
    return scoping.visible_pages(pages, request.user)


# The page types usage report shows, per page type, the title of the page edited last
# anywhere on the site; it has no queryset of pages to narrow and no hook. Scoped users
# (organizers) are refused it, by decorating its two URL patterns with Wagtail's own
# decorate_urlpatterns (as wagtail.admin.urls does with require_admin_access).
SITE_WIDE_REPORTS = {"page_types_usage", "page_types_usage_results"}


def _refuse_scoped_users(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if scoping.is_scoped(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


# Every per-page admin URL (edit, workflow actions and previews, revisions, history, …)
# names its page in a URL argument. Some of Wagtail's views put the page's title in a
# flash message *before* they check permissions (the workflow views: "页面 '…' 目前不在
# 任务 '专家审核' 中等待审核", shown on the next screen), so the page is checked here, before
# any view runs: one guard for all of them rather than one hook per view.
PAGE_ID_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")


def _refuse_invisible_pages(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if scoping.is_scoped(request.user):
            ids = [kwargs[name] for name in PAGE_ID_ARGUMENTS if name in kwargs]
            for page in Page.objects.filter(pk__in=ids):
                _deny_unless_visible(request.user, page)
        return view(request, *args, **kwargs)

    return guarded


def _decorate_once(patterns, decorator, marker):
    from wagtail.utils.urlpatterns import decorate_urlpatterns

    if not any(getattr(p.callback, marker, False) for p in patterns):
        decorate_urlpatterns(patterns, decorator)
        for pattern in patterns:
            setattr(pattern.callback, marker, True)


@hooks.register("register_admin_urls")
def guard_site_wide_reports():
    from wagtail.admin.urls import pages as page_urls
    from wagtail.admin.urls import reports as report_urls

    wanted = [p for p in report_urls.urlpatterns if getattr(p, "name", None) in SITE_WIDE_REPORTS]
    _decorate_once(wanted, _refuse_scoped_users, "_anxin_scoped")
    per_page = [p for p in page_urls.urlpatterns if any(f"{name}>" in str(p.pattern) for name in PAGE_ID_ARGUMENTS)]
    _decorate_once(per_page, _refuse_invisible_pages, "_anxin_page_scoped")
    return []


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    return scoping.visible_pages(pages, request.user)


@hooks.register("construct_organization_chooser_queryset")
def scope_organization_chooser(organizations, request):
    """An organizer chooses only their own organization (the event form preselects it)."""
    if scoping.is_scoped(request.user):
        return organizations.filter(pk=scoping.organization_id_for(request.user))
    return organizations


@hooks.register("before_move_page")
def organizer_moves_own_pages(request, page, destination):
    _deny_unless_visible(request.user, page, destination)


@hooks.register("before_create_page")
def organizer_needs_organization(request, parent_page, page_class):
    scoped = issubclass(page_class, EventPage) and scoping.is_scoped(request.user)
    if scoped and scoping.organization_id_for(request.user) is None:
        raise PermissionDenied


@hooks.register("before_edit_page")
def organizer_edits_own_events(request, page):
    _deny_unless_visible(request.user, page)


@hooks.register("before_bulk_action")
def organizer_bulk_actions(request, action_type, objects, action_class_instance):
    if not scoping.is_scoped(request.user):
        return None
    organization_id = scoping.organization_id_for(request.user)
    for obj in objects:
        specific = obj.specific if hasattr(obj, "specific") else obj
        if isinstance(specific, EventPage) and not scoping.can_see_page(request.user, specific):
            raise PermissionDenied
        if isinstance(specific, AttendanceReport) and specific.event.organizer_id != organization_id:
            raise PermissionDenied
    return None


class ScopedPageBulkActionMixin:
    """The confirmation page lists neither the actionable pages nor the refused ones
    (“you don't have permission to …”, with titles) of another organization."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        objects = [page for page in objects if scoping.can_see_page(user, page)]
        extra = {
            key: [page for page in value if scoping.can_see_page(user, page)] if isinstance(value, list) else value
            for key, value in extra.items()
        }
        return objects, extra


def _scoped_bulk_action(action_class):
    # bulk 发布 also validates every page before publishing any (content/reference/bulk_publish.py)
    checks = (CheckedPublishBulkActionMixin,) if action_class is PublishBulkAction else ()
    scoped = type(f"Scoped{action_class.__name__}", (*checks, ScopedPageBulkActionMixin, action_class), {})
    # order=100: registered after Wagtail's own, so the registry keeps this one
    hooks.register("register_bulk_action", scoped, order=100)
    return scoped


for _action_class in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction):
    _scoped_bulk_action(_action_class)


class AttendancePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the organizer's own events for scoped users."""

    def user_has_permission_for_instance(self, user, action, instance):
        if scoping.is_scoped(user) and instance.event.organizer_id != scoping.organization_id_for(user):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if scoping.is_scoped(user) and instance.event.organizer_id != scoping.organization_id_for(user):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return scoping.scope_events(instances, user, field="event__organizer")


def _guard_object_view(view):
    """Deny any URL with a report ``pk`` that the organizer's organization does not own."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and scoping.is_scoped(request.user):
            owned = AttendanceReport.objects.filter(
                pk=unquote(str(pk)), event__organizer_id=scoping.organization_id_for(request.user)
            )
            if not owned.exists():
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


register_permission_policy(AttendanceReport, AttendancePermissionPolicy(AttendanceReport))


class _ScopedChooserList:
    def get_object_list(self):
        return scoping.scope_events(super().get_object_list(), self.request.user, field="event__organizer")


class AttendanceChooseView(_ScopedChooserList, snippet_chooser.ChooseView):
    pass


class AttendanceChooseResultsView(_ScopedChooserList, snippet_chooser.ChooseResultsView):
    pass


class AttendanceChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        report = super().get_object(pk)
        user = self.request.user
        if scoping.is_scoped(user) and report.event.organizer_id != scoping.organization_id_for(user):
            raise AttendanceReport.DoesNotExist
        return report


class AttendanceChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    """The report chooser lists and returns only the organizer's own reports."""

    choose_view_class = AttendanceChooseView
    choose_results_view_class = AttendanceChooseResultsView
    chosen_view_class = AttendanceChosenView


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "flag"
    menu_label = _("宣传活动")
    list_display = ["name", "year", "theme", "start_date", "end_date", "target_events", "target_reach"]
    list_filter = ["year"]
    search_fields = ["name", "theme"]
    ordering = ["-year", "-start_date"]


class AttendanceReportViewSet(SnippetViewSet):
    model = AttendanceReport
    icon = "list-ol"
    menu_label = _("参与人次记录")
    list_display = ["event", "attendees", "online_views", "reach", "materials", "volunteers", "updated_at"]
    list_export = ["event", "attendees", "online_views", "reach", "materials", "volunteers", "updated_at"]
    export_filename = "attendance-reports"
    chooser_viewset_class = AttendanceChooserViewSet
    ordering = ["-updated_at"]
    list_per_page = 50

    def get_queryset(self, request):
        queryset = AttendanceReport.objects.select_related("event")
        return scoping.scope_events(queryset, request.user, field="event__organizer")

    def get_urlpatterns(self):
        patterns = []
        for pattern in super().get_urlpatterns():
            if isinstance(pattern, URLPattern) and "pk" in str(pattern.pattern):
                pattern = URLPattern(
                    pattern.pattern, _guard_object_view(pattern.callback), pattern.default_args, pattern.name
                )
            patterns.append(pattern)
        return patterns


class OrganizerMembershipViewSet(SnippetViewSet):
    """Administrators say which organization each 活动组织者 acts for."""

    model = OrganizerMembership
    icon = "group"
    menu_label = _("组织者所属机构")
    list_display = ["user", "organization"]
    search_fields = ["user__username", "user__first_name", "organization__name"]
    search_backend_name = None  # plain ORM lookups across the relations
    ordering = ["organization__name"]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


class ReportsViewSet(ViewSet):
    name = "event_reports"
    url_prefix = "events/reports"
    icon = "table"
    menu_label = _("服务人次报表")
    menu_item_class = ReportsMenuItem

    def get_urlpatterns(self):
        return [path("", reports_view, name="index")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


class EventImportViewSet(ViewSet):
    """Import events and attendance from a spreadsheet; export a date range (汇总表)."""

    name = "event_import"
    url_prefix = "events/import"
    icon = "upload"
    menu_label = _("表格导入导出")
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [path("", EventImportView.as_view(), name="index")]


class EventsViewSetGroup(SnippetViewSetGroup):
    items = (CampaignViewSet, AttendanceReportViewSet, ReportsViewSet, EventImportViewSet, OrganizerMembershipViewSet)
    menu_icon = "date"
    menu_label = _("活动")
    menu_name = "events"
    menu_order = 250


register_snippet(EventsViewSetGroup)
