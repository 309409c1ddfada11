"""Editor-extensible dictionaries for the search analysis pipeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SynonymGroup(models.Model):
    """Words that should find each other (睡不着 ↔ 失眠), added to the shipped list."""

    terms = models.TextField(
        _("同义词"),
        help_text=_("一组意思相同的词，用逗号、顿号、空格或换行分隔，例如：失眠，睡不着，睡眠障碍。"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("同义词组")
        verbose_name_plural = _("同义词组")
        ordering = ["id"]

    def __str__(self) -> str:
        return "、".join(self.term_list()[:6]) or str(_("（空）"))

    def term_list(self) -> list[str]:
        from .analysis.dictionaries import split_terms

        return split_terms(self.terms)


class CrisisPhrase(models.Model):
    """A phrase that signals crisis intent; matching queries show the hotlines first."""

    phrase = models.CharField(
        _("短语"),
        max_length=100,
        unique=True,
        help_text=_("查询去掉空格和标点、繁体转简体后包含这个短语，就先显示心理援助热线。"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("危机短语")
        verbose_name_plural = _("危机短语")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class IntentRule(models.Model):
    """Query phrases that name a facet value (产后抑郁 → audience ``perinatal``): a query
    containing one also finds the documents having that value, ranked below the complete
    text matches (docs/search.md, "Intent"). Generic: the core knows no audience."""

    phrases = models.TextField(
        _("短语"),
        help_text=_(
            "用逗号、顿号、空格或换行分隔，例如：产后抑郁，孕期焦虑。查询（去掉空格和标点、繁体转简体后）包含其中一个短语时生效。"
        ),
    )
    facet = models.CharField(
        _("分面"), max_length=64, default="audience", help_text=_("按哪一类分面找结果，通常是“适合人群”。")
    )
    value = models.CharField(
        _("分面值"), max_length=64, help_text=_("查询包含短语时，也列出有这个分面值的结果，例如适合人群“孕产妇”。")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("搜索意图")
        verbose_name_plural = _("搜索意图")
        ordering = ["facet", "value", "id"]

    def __str__(self) -> str:
        return f"{'、'.join(self.phrase_list()[:4])} → {self.facet_label()}：{self.value_label()}"

    def facet_label(self) -> str:
        from . import registry

        facet = registry.facets().get(self.facet)
        return str(facet.label) if facet else self.facet

    facet_label.short_description = _("分面")

    def value_label(self) -> str:
        from . import registry

        return registry.facet_labels(self.facet, [self.value]).get(self.value, self.value)

    value_label.short_description = _("分面值")

    def phrase_list(self) -> list[str]:
        from .analysis.dictionaries import split_terms

        return split_terms(self.phrases)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from . import registry

        errors = {}
        if not any(self.phrase_list()):
            errors["phrases"] = _("至少填写一个短语。")
        facet = registry.facets().get(self.facet)
        if facet is None:
            names = "、".join(registry.facets()) or "—"
            errors["facet"] = _("没有这个分面。可用的分面：%(names)s") % {"names": names}
        elif not facet.valid(self.value or ""):
            errors["value"] = facet.invalid or _("分面值的格式不对。")
        elif registry.facet_value_known(self.facet, self.value) is False:
            errors["value"] = _("这个分面没有值“%(value)s”。") % {"value": self.value}
        if errors:
            raise ValidationError(errors)
