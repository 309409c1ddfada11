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
