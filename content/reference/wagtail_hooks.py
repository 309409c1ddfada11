from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .area_chooser import AreaChooserViewSet
from .models import AdminArea, Audience, Expert, Organization


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


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "home"
    menu_label = _("机构")
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
