"""Editors extend the search dictionaries under 设置 → 搜索设置 in the Wagtail admin."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_forms import IntentRuleForm
from .models import CrisisPhrase, IntentRule, SynonymGroup


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


class IntentRuleViewSet(SnippetViewSet):
    model = IntentRule
    icon = "tag"
    menu_label = _("搜索意图")
    list_display = ["__str__", "facet_label", "value_label", "note", "enabled", "updated_at"]
    edit_handler = ObjectList(
        [FieldPanel("phrases"), FieldPanel("facet"), FieldPanel("value"), FieldPanel("note"), FieldPanel("enabled")],
        base_form_class=IntentRuleForm,
    )
    list_filter = ["enabled", "facet"]
    search_fields = ["phrases", "value", "note"]
    ordering = ["facet", "value"]


class SearchSettingsGroup(SnippetViewSetGroup):
    items = (SynonymGroupViewSet, CrisisPhraseViewSet, IntentRuleViewSet)
    menu_icon = "search"
    menu_label = _("搜索设置")
    menu_name = "search-settings"
    menu_order = 900


register_snippet(SearchSettingsGroup)


class SearchIndexProblemsPanel(Component):
    """A banner on the admin home page while the embedded index is missing, damaged or
    empty (``search.health``; looked at most once a minute per process)."""

    name = "search_index_problems"
    order = 10  # above the other panels

    def __init__(self, found):
        self.found = found

    def render_html(self, parent_context=None):
        from .health import REBUILD_COMMAND

        titles = {
            "search.W003": gettext_now("搜索索引不可用：访客搜索时会看到“搜索暂时不可用”。"),
            "search.W004": gettext_now("搜索索引是空的或从未完整重建：访客搜索找不到已发布的内容。"),
        }
        # the problem's message is English for operators (system checks, logs): the banner names the file
        items = format_html_join(
            "",
            "<li>{} <small>{}<code>{}</code></small></li>",
            ((titles[p.id], gettext_now("索引文件："), p.path) for p in self.found),
        )
        return format_html(
            '<section class="help-block help-critical" role="alert" aria-labelledby="search-index-problems">'
            '<h2 id="search-index-problems">{}</h2><ul>{}</ul><p>{} <code>{}</code></p></section>',
            gettext_now("搜索索引需要重建"),
            items,
            gettext_now("请在服务器上运行："),
            REBUILD_COMMAND,
        )


@hooks.register("construct_homepage_panels")
def search_index_banner(request, panels):
    from .health import cached_problems

    if not request.user.is_superuser:
        return
    found = cached_problems()
    if found:
        panels.insert(0, SearchIndexProblemsPanel(found))
