"""Public forms: the directory filters (GET) and the "report a mistake" form."""

from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from content.reference.models import AdminArea, AdminAreaLevel, Audience

from .models import CorrectionProblem, Fee, ServiceKind, ServiceOffered

AREA_CHOICES_CACHE_SECONDS = 600
COUNTY_CHOICES_KEY = "directory:county-choices"


def county_choices() -> list[tuple[str, str]]:
    """Counties (区/县) for the area cascade, cached: the list changes rarely."""
    key = COUNTY_CHOICES_KEY
    choices = cache.get(key)
    if choices is None:
        counties = AdminArea.objects.filter(level=AdminAreaLevel.COUNTY).order_by("code")
        choices = [(a.code, a.name) for a in counties.only("code", "name")[:5000]]
        cache.set(key, choices, AREA_CHOICES_CACHE_SECONDS)
    return choices


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=50)
    county = forms.ChoiceField(label=_("区/县"), required=False)
    township = forms.ChoiceField(label=_("镇/街道"), required=False)
    kind = forms.ChoiceField(label=_("服务类型"), required=False)
    audience = forms.ChoiceField(label=_("服务人群"), required=False)
    offered = forms.ChoiceField(label=_("服务项目"), required=False)
    fee = forms.ChoiceField(label=_("费用"), required=False)
    open_now = forms.BooleanField(label=_("现在开放"), required=False)
    is_24h = forms.BooleanField(label=_("24小时"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("", _("按地区")), ("open", _("现在开放的在前"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = [("", _("不限"))]
        self.fields["county"].choices = any_choice + county_choices()
        county = (self.data.get("county") or "").strip()
        townships = []
        if county.isdigit() and len(county) == 12:
            townships = list(
                AdminArea.objects.filter(parent_id=county, level=AdminAreaLevel.TOWNSHIP)
                .order_by("code")
                .values_list("code", "name")
            )
        self.fields["township"].choices = any_choice + townships
        self.fields["kind"].choices = any_choice + list(ServiceKind.choices)
        self.fields["audience"].choices = any_choice + list(Audience.objects.values_list("slug", "name"))
        self.fields["offered"].choices = any_choice + list(ServiceOffered.objects.values_list("slug", "name"))
        self.fields["fee"].choices = any_choice + list(Fee.choices)

    def _options(self, name: str, cache_key: str = ""):
        """The <option> list of a select, built in Python: a city-wide directory has
        thousands of counties, and a template loop that re-reads the bound value for each
        of them costs more than the rest of the page. The unselected list of a cached
        choice list is kept in the cache too; the selection is marked afterwards."""
        html = cache.get(cache_key) if cache_key else None
        if html is None:
            html = format_html_join("", '<option value="{}">{}</option>', self.fields[name].choices)
            if cache_key:
                cache.set(cache_key, str(html), AREA_CHOICES_CACHE_SECONDS)
        selected = str(self[name].value() or "")
        if selected:
            marker = format_html('<option value="{}">', selected)
            html = str(html).replace(marker, marker[:-1] + " selected>", 1)
        else:
            html = str(html).replace('<option value="">', '<option value="" selected>', 1)
        return mark_safe(html)

    def county_options(self):
        return self._options("county", f"{COUNTY_CHOICES_KEY}:html:{get_language()}")

    def township_options(self):
        return self._options("township")

    def area_code(self) -> str:
        data = self.cleaned_data
        return data.get("township") or data.get("county") or ""


class CorrectionForm(forms.Form):
    problem = forms.ChoiceField(label=_("哪里有误？"), choices=CorrectionProblem.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("补充说明（选填）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("请不要填写姓名、电话等个人信息。"),
    )
    # A field people never see (hidden by CSS and aria-hidden): bots fill it in.
    website = forms.CharField(required=False, label=_("请留空"))
