"""The home page and the settings every public page shares."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from content.reference.blocks import PhoneNumberBlock
from content.reference.phones import tel_uri

DEFAULT_HOTLINES = [
    {
        "name": "全国统一心理援助热线",
        "number": "12356",
        "hours": "每日不少于18小时，可匿名",
        "is_24h": False,
    },
    {
        "name": "上海市心理热线",
        "number": "962525",
        "hours": "24小时",
        "is_24h": True,
    },
]


class CrisisHotlineBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("名称"), max_length=60)
    number = PhoneNumberBlock(label=_("号码"))
    hours = blocks.CharBlock(label=_("服务时间"), max_length=60, required=False)
    is_24h = blocks.BooleanBlock(label=_("24小时"), required=False)

    class Meta:
        icon = "mobile-alt"
        label = _("热线")


@register_setting(icon="warning")
class CrisisSettings(BaseSiteSetting):
    """The hotlines shown on every public page (the crisis strip) and above search
    results whose query signals a crisis."""

    strip_message = models.CharField(
        _("提示语"), max_length=80, default="需要帮助？请立即拨打", help_text=_("显示在每个页面顶部的热线条")
    )
    hotlines = StreamField(
        [("hotline", CrisisHotlineBlock())],
        verbose_name=_("求助热线"),
        default=[("hotline", item) for item in DEFAULT_HOTLINES],
        help_text=_("按显示顺序排列；第一条最醒目。"),
    )

    panels = [
        HelpPanel(content=_("这些热线出现在网站每个页面的顶部，读者可一键拨打。")),
        FieldPanel("strip_message"),
        FieldPanel("hotlines"),
    ]

    class Meta:
        verbose_name = _("求助热线")

    def hotline_list(self) -> list[dict]:
        """Plain dicts with a ready ``tel`` URI, for templates and the search API."""
        return [
            {
                "name": block.value["name"],
                "number": block.value["number"],
                "tel": tel_uri(block.value["number"]),
                "hours": block.value["hours"],
                "is_24h": bool(block.value["is_24h"]),
            }
            for block in self.hotlines
        ]


@register_setting(icon="cog")
class SiteIdentitySettings(BaseSiteSetting):
    """Who runs this site: shown in the header and footer."""

    site_title = models.CharField(_("网站名称"), max_length=40, default="安心")
    operator = models.CharField(_("主办单位"), max_length=100, blank=True)
    icp_record = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    footer_note = RichTextField(_("页脚说明"), blank=True, features=["bold", "link"])

    panels = [FieldPanel("site_title"), FieldPanel("operator"), FieldPanel("icp_record"), FieldPanel("footer_note")]

    class Meta:
        verbose_name = _("网站信息")


class HomePage(Page):
    """The site's front page: hotlines, audiences, latest articles, upcoming events."""

    intro = models.CharField(_("导语"), max_length=200, blank=True)
    body = RichTextField(_("正文"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("首页")
