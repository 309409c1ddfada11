"""Campaigns (e.g. World Mental Health Day) and their targets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class Campaign(index.Indexed, ClusterableModel):
    """A named campaign with dates and targets: events held and people reached."""

    name = models.CharField(_("名称"), max_length=120)
    slug = models.SlugField(
        _("网址标识"), max_length=80, unique=True, help_text=_("用于活动页面和日历订阅的网址，例如 wmhd-2025")
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    theme = models.CharField(_("主题"), max_length=200, blank=True, help_text=_("只填写官方确认的主题"))
    description = models.TextField(_("简介"), blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    target_events = models.PositiveIntegerField(_("目标活动场次"), null=True, blank=True)
    target_reach = models.PositiveIntegerField(_("目标服务人次"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("theme"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("target_events"), FieldPanel("target_reach")])], heading=_("全区目标")
        ),
        InlinePanel("area_targets", heading=_("分区域目标"), label=_("区域目标")),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("theme"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动")
        ordering = ["-year", "-start_date"]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})


class CampaignAreaTarget(Orderable):
    """A campaign's target for one area (e.g. each township)."""

    campaign = ParentalKey(Campaign, on_delete=models.CASCADE, related_name="area_targets")
    area = models.ForeignKey("reference.AdminArea", verbose_name=_("区划"), on_delete=models.CASCADE, related_name="+")
    target_events = models.PositiveIntegerField(_("目标活动场次"), null=True, blank=True)
    target_reach = models.PositiveIntegerField(_("目标服务人次"), null=True, blank=True)

    panels = [FieldPanel("area"), FieldRowPanel([FieldPanel("target_events"), FieldPanel("target_reach")])]

    class Meta(Orderable.Meta):
        verbose_name = _("区域目标")
        verbose_name_plural = _("区域目标")
        constraints = [models.UniqueConstraint(fields=["campaign", "area"], name="events_campaign_area_unique")]
