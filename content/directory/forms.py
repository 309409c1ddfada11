"""Public forms: the directory filters (GET) and the "report a mistake" form."""

from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from content.reference.models import AdminArea, AdminAreaLevel, Audience

from .models import CorrectionProblem, Fee, ServiceKind, ServiceOffered

AREA_CHOICES_CACHE_SECONDS = 600


def county_choices() -> list[tuple[str, str]]:
    """Counties (区/县) for the area cascade, cached: the list changes rarely."""
    key = "directory:county-choices"
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
