"""The editors' form for intent rules: the facet and its value chosen by their Chinese
labels (适合人群 › 孕产妇) from what the content apps registered, never typed as slugs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import registry


def facet_field_choices() -> list[tuple[str, str]]:
    return [
        (name, str(facet.label))
        for name, facet in registry.facets().items()
        if registry.facet_choices(name) is not None
    ]


def value_field_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Values grouped under their facet's label (an optgroup each)."""
    groups = []
    for name, label in facet_field_choices():
        groups.append((label, registry.facet_choices(name) or []))
    return groups


class IntentRuleForm(WagtailAdminModelForm):
    facet = forms.ChoiceField(
        label=_("分面"), choices=facet_field_choices, help_text=_("按哪一类分面找结果，通常是“适合人群”。")
    )
    value = forms.ChoiceField(
        label=_("分面值"),
        choices=value_field_choices,
        help_text=_("查询包含上面的短语时，也列出有这个分面值的结果，例如适合人群“孕产妇”。须属于所选的分面。"),
    )
