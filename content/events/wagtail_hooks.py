"""Admin: the 活动 menu (campaigns, attendance reports, reach reports) and organizer scoping."""

from __future__ import annotations

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import scoping
from .admin_views import can_view_reports, reports_view
from .models import AttendanceReport, Campaign, EventPage, OrganizerMembership


def _hide_foreign_events(pages, user):
    if not scoping.is_scoped(user):
        return pages
    foreign = EventPage.objects.exclude(organizer_id=scoping.organization_id_for(user)).values("pk")
    return pages.exclude(pk__in=foreign)


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    return _hide_foreign_events(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    return _hide_foreign_events(pages, request.user)


@hooks.register("before_create_page")
def organizer_needs_organization(request, parent_page, page_class):
    scoped = issubclass(page_class, EventPage) and scoping.is_scoped(request.user)
    if scoped and scoping.organization_id_for(request.user) is None:
        raise PermissionDenied


@hooks.register("before_edit_page")
def organizer_edits_own_events(request, page):
    page = page.specific
    scoped = isinstance(page, EventPage) and scoping.is_scoped(request.user)
    if scoped and page.organizer_id != scoping.organization_id_for(request.user):
        raise PermissionDenied


@hooks.register("before_bulk_action")
def organizer_bulk_actions(request, action_type, objects, action_class_instance):
    if not scoping.is_scoped(request.user):
        return None
    organization_id = scoping.organization_id_for(request.user)
    for obj in objects:
        specific = obj.specific if hasattr(obj, "specific") else obj
        if isinstance(specific, EventPage) and specific.organizer_id != organization_id:
            raise PermissionDenied
        if isinstance(specific, AttendanceReport) and specific.event.organizer_id != organization_id:
            raise PermissionDenied
    return None


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


class EventsViewSetGroup(SnippetViewSetGroup):
    items = (CampaignViewSet, AttendanceReportViewSet, ReportsViewSet, OrganizerMembershipViewSet)
    menu_icon = "date"
    menu_label = _("活动")
    menu_name = "events"
    menu_order = 250


register_snippet(EventsViewSetGroup)
