"""Editors extend the search dictionaries under 设置 → 搜索设置 in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CrisisPhrase, SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = _("同义词组")
    list_display = ["__str__", "note", "enabled", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["terms", "note"]
    ordering = ["-updated_at"]


class CrisisPhraseViewSet(SnippetViewSet):
    model = CrisisPhrase
    icon = "warning"
    menu_label = _("危机短语")
    list_display = ["phrase", "note", "enabled", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["phrase", "note"]
    ordering = ["phrase"]


class SearchSettingsGroup(SnippetViewSetGroup):
    items = (SynonymGroupViewSet, CrisisPhraseViewSet)
    menu_icon = "search"
    menu_label = _("搜索设置")
    menu_name = "search-settings"
    menu_order = 900


register_snippet(SearchSettingsGroup)
