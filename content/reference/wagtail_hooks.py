from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .area_chooser import AreaChooserViewSet
from .models import AdminArea, Audience, Expert, Organization
from .slugs import pinyin_slug_view


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = _("服务人群")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class AdminAreaViewSet(SnippetViewSet):
    model = AdminArea
    icon = "site"
    menu_label = _("行政区划")
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    list_per_page = 50
    chooser_viewset_class = AreaChooserViewSet
    chooser_per_page = 20


# Apps narrow the organizations a user may choose (the events app: an organizer, their own)
# with this hook: ``fn(queryset, request) -> queryset``, as Wagtail's image chooser does.
ORGANIZATION_CHOOSER_HOOK = "construct_organization_chooser_queryset"


def choosable_organizations(request):
    organizations = Organization.objects.all()
    for hook in hooks.get_hooks(ORGANIZATION_CHOOSER_HOOK):
        organizations = hook(organizations, request)
    return organizations


class OrganizationChooseView(snippet_chooser.ChooseView):
    construct_queryset_hook_name = ORGANIZATION_CHOOSER_HOOK


class OrganizationChooseResultsView(snippet_chooser.ChooseResultsView):
    construct_queryset_hook_name = ORGANIZATION_CHOOSER_HOOK


class OrganizationChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return choosable_organizations(self.request).get(pk=pk)


class OrganizationChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = OrganizationChooseView
    choose_results_view_class = OrganizationChooseResultsView
    chosen_view_class = OrganizationChosenView


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "home"
    menu_label = _("机构")
    chooser_viewset_class = OrganizationChooserViewSet
    list_display = ["name", "kind", "area"]
    list_filter = ["kind"]
    search_fields = ["name"]


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = _("审核专家")
    list_display = ["name", "title", "institution"]
    search_fields = ["name", "institution"]


class ReferenceViewSetGroup(SnippetViewSetGroup):
    items = (AudienceViewSet, OrganizationViewSet, ExpertViewSet, AdminAreaViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("基础数据")
    menu_name = "reference"
    menu_order = 300


register_snippet(ReferenceViewSetGroup)


@hooks.register("register_admin_urls")
def register_pinyin_slug_url():
    return [path("slug/pinyin/", pinyin_slug_view, name="reference_pinyin_slug")]


@hooks.register("insert_editor_js")
def pinyin_slug_js():
    return format_html(
        '<script src="{}" data-url="{}"></script>',
        static("reference/pinyin-slug.js"),
        reverse("reference_pinyin_slug"),
    )
