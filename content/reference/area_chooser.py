"""The area (所在区划) chooser: search by name, code or code prefix, browse the hierarchy,
and show every area as its path. Queries the database directly (``area_search``), so
imported areas are found without Wagtail's search index.

Browsing links (the breadcrumb and each row's 下级) carry Wagtail's ``pagination``
class: the chooser modal loads those links into its results panel, as it does pages.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import quote
from django.core.paginator import InvalidPage
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.widgets import AdminSnippetChooser

from . import area_search
from .models import AdminArea


class AreaFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("搜索区划"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("名称（如 嘉定镇街道）、区划代码或代码前缀")}),
    )
    parent = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)

    def clean_parent(self):
        code = (self.cleaned_data.get("parent") or "").strip()
        if not code:
            return None
        area = AdminArea.objects.filter(pk=code).first() if code.isdigit() and len(code) == 12 else None
        if area is None:
            raise forms.ValidationError(_("没有这个上级区划。"))
        return area


class CappedPaginator(WagtailPaginator):
    """Counts at most COUNT_CAP + 1 matches (a national search for 社区 has 100,000)."""

    @cached_property
    def count(self):
        return self.object_list[: area_search.COUNT_CAP + 1].count()


class BrowseColumn(Column):
    cell_template_name = "reference/admin/area_browse_cell.html"


class AreaChooseMixin:
    filter_form_class = AreaFilterForm
    results_template_name = "reference/admin/area_chooser_results.html"
    per_page = 20
    paginator_class = CappedPaginator

    def get_results_page(self, request):
        form = self.filter_form
        valid = form.is_valid()
        query = form.cleaned_data.get("q", "") if valid else ""
        self.parent = form.cleaned_data.get("parent") if valid else None
        form.is_searching = bool(query.strip())
        form.search_query = query
        objects = area_search.search(query, self.parent) if valid else AdminArea.objects.none()
        self.paginator = self.paginator_class(objects, per_page=self.per_page)
        try:
            page = self.paginator.page(request.GET.get("p", 1))
        except InvalidPage as error:
            raise Http404 from error
        page.object_list = list(page.object_list)
        self.paths = area_search.paths(page.object_list)
        with_children = AdminArea.objects.filter(parent__in=[a.code for a in page.object_list if a.level < 5])
        self.has_children = set(with_children.values_list("parent_id", flat=True).distinct())
        return page

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("区划"),
                accessor=lambda area: self.paths.get(area.code, area.name),
                get_url=lambda area: self.append_preserved_url_parameters(
                    reverse(self.chosen_url_name, args=(quote(area.pk),))
                ),
                link_attrs={"data-chooser-modal-choice": True},
            ),
            Column("code", label=_("区划代码")),
            BrowseColumn(
                "browse",
                label=_("下级"),
                accessor=lambda area: self.browse_url(area) if area.code in self.has_children else "",
            ),
        ]

    def browse_url(self, area=None) -> str:
        url = reverse(self.results_url_name)
        return f"{url}?parent={area.code}" if area is not None else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        crumbs = []
        if self.parent is not None:
            ancestors = AdminArea.objects.filter(code__in=self.parent.ancestor_codes()).order_by("code")
            crumbs = [{"name": area.name, "url": self.browse_url(area)} for area in ancestors]
        context.update(
            {
                "browse_top_url": self.browse_url(),
                "crumbs": crumbs,
                "count_capped": self.paginator.count > area_search.COUNT_CAP,
                "count_cap": area_search.COUNT_CAP,
                "form_errors": [e for errors in self.filter_form.errors.values() for e in errors],
            }
        )
        return context


class AreaChooseView(AreaChooseMixin, snippet_chooser.ChooseView):
    pass


class AreaChooseResultsView(AreaChooseMixin, snippet_chooser.ChooseResultsView):
    pass


class AreaChosenView(snippet_chooser.SnippetChosenView):
    def get_display_title(self, instance):
        return area_search.path_of(instance)


class AreaChooserWidget(AdminSnippetChooser):
    """Shows the chosen area as its path, as the chooser's results do."""

    def get_display_title(self, instance):
        return area_search.path_of(instance)


class AreaChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = AreaChooseView
    choose_results_view_class = AreaChooseResultsView
    chosen_view_class = AreaChosenView
    base_widget_class = AreaChooserWidget
    choose_one_text = _("选择区划")
    choose_another_text = _("选择其他区划")
