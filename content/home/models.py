"""The home page and the settings every public page shares."""

from __future__ import annotations

import time

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from anxin.api.v2 import fields as api_fields
from anxin.cache import memo
from anxin.cache.pages import ScopedPageMixin
from anxin.cache.shared import RememberedSettingMixin, child_page
from content.reference.blocks import PhoneNumberBlock
from content.reference.phones import Phone
from content.reference.slugs import PinyinSlugPageMixin

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
class CrisisSettings(RememberedSettingMixin, BaseSiteSetting):
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

    @classmethod
    def remember_derived(cls, instance) -> None:
        # kept with the value it was made from: a copy given new hotlines (the admin's
        # form) recomputes them
        instance.remembered_hotlines = (instance.hotlines, instance.hotline_list())

    def hotline_list(self) -> list[dict]:
        """Plain dicts with a ready ``tel`` URI, for templates and the search API."""
        source, remembered = self.__dict__.get("remembered_hotlines", (None, None))
        if remembered is not None and source is self.hotlines:
            return [dict(line) for line in remembered]
        return [
            {
                "name": block.value["name"],
                "number": block.value["number"],
                "tel": Phone(block.value["number"]).href,
                "hours": block.value["hours"],
                "is_24h": bool(block.value["is_24h"]),
            }
            for block in self.hotlines
        ]


@register_setting(icon="cog")
class SiteIdentitySettings(RememberedSettingMixin, BaseSiteSetting):
    """Who runs this site: shown in the header and footer."""

    site_title = models.CharField(_("网站名称"), max_length=40, default="安心")
    operator = models.CharField(_("主办单位"), max_length=100, blank=True)
    icp_record = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    footer_note = RichTextField(_("页脚说明"), blank=True, features=["bold", "link"])

    panels = [FieldPanel("site_title"), FieldPanel("operator"), FieldPanel("icp_record"), FieldPanel("footer_note")]

    class Meta:
        verbose_name = _("网站信息")


DEFAULT_REVIEW_INTERVAL_MONTHS = 12


@register_setting(icon="time")
class ReviewSettings(BaseSiteSetting):
    """How long an expert's approval of an article holds before it is due again."""

    interval_months = models.PositiveSmallIntegerField(
        _("复审间隔（月）"),
        default=DEFAULT_REVIEW_INTERVAL_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("专家批准文章时，若编辑没有填写更晚的下次审核日期，下次审核日期 = 批准当天 + 这么多个月。"),
    )

    panels = [FieldPanel("interval_months")]

    class Meta:
        verbose_name = _("专家复审")


class HomePage(PinyinSlugPageMixin, ScopedPageMixin, Page):
    # gathers from every content area, but shows no attendance figures (scope "reach")
    cache_depends_on = ("articles", "events", "directory", "selfcheck")
    """The site's front page: hotlines, audiences, latest articles, upcoming events."""

    intro = models.CharField(_("导语"), max_length=200, blank=True)
    body = RichTextField(_("正文"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    LATEST_ARTICLES = 6
    UPCOMING_EVENTS = 4

    class Meta:
        verbose_name = _("首页")

    def route(self, request, path_components):
        """As Wagtail routes, with the first step (a section: 科普, 活动, an audience page)
        remembered between changes (anxin/cache/shared.py)."""
        if not path_components:
            return super().route(request, path_components)
        child = child_page(self, path_components[0])
        if child is None:
            raise Http404
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        from content.reference.models import Audience

        from .gathering import latest_articles, upcoming_events

        context = super().get_context(request, *args, **kwargs)
        # Each part remembered per process until what it shows changes (anxin/cache/memo.py);
        # upcoming events also at most a minute, as they end.
        context["audience_pages"] = memo.remember_list(
            ("home:audience-pages", self.pk),
            (),
            lambda: (
                AudiencePage.objects.live()
                .public()
                .child_of(self)
                .select_related("audience")
                .order_by("audience__sort_order")
            ),
        )
        context["audiences"] = memo.remember_list(("home:audiences",), (), Audience.objects.all)
        context["latest_articles"] = memo.remember_list(
            ("home:latest-articles", self.LATEST_ARTICLES), ("articles",), lambda: latest_articles(self.LATEST_ARTICLES)
        )
        context["upcoming_events"] = memo.remember_list(
            ("home:upcoming-events", self.UPCOMING_EVENTS, int(time.time() // 60)),
            ("events",),
            lambda: upcoming_events(self.UPCOMING_EVENTS),
        )
        context["tasks"] = memo.remember(
            ("home:tasks", self.pk), ("articles", "events", "selfcheck"), lambda: home_tasks(self)
        )
        return context


class AudiencePage(PinyinSlugPageMixin, ScopedPageMixin, Page):
    cache_depends_on = ("articles", "events", "directory", "selfcheck")
    """A landing page for one group of people: its articles, the services that serve
    it and its upcoming events, gathered from the three content apps."""

    audience = models.OneToOneField(
        "reference.Audience", verbose_name=_("服务人群"), on_delete=models.PROTECT, related_name="landing_page"
    )
    intro = models.TextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("audience"), FieldPanel("intro")]
    api_fields = [
        APIField("audience", serializer=api_fields.AudienceField()),
        APIField("intro"),
        APIField("share_title", serializer=api_fields.ShareTitleField()),
        APIField("share_summary", serializer=api_fields.ShareSummaryField()),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    page_description = _("某一人群的专题页：汇集写给他们的文章、服务和活动。")

    ARTICLE_COUNT = 6
    SERVICE_COUNT = 6
    EVENT_COUNT = 5

    class Meta:
        verbose_name = _("人群专题页")
        verbose_name_plural = _("人群专题页")

    def get_context(self, request, *args, **kwargs):
        from .gathering import articles_for_audience, events_for_audience, services_for_audience

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = articles_for_audience(self.audience, self.ARTICLE_COUNT)
        context["services"] = services_for_audience(self.audience, self.SERVICE_COUNT)
        context["events"] = events_for_audience(self.audience, self.EVENT_COUNT)
        context["article_index"] = articles_index_for(self, request)
        return context


def home_tasks(home) -> list[dict]:
    """The five things most readers come for, each where this site keeps it (found by page
    type and URL name, never by slug). A task whose page does not exist yet is left out."""
    from django.urls import NoReverseMatch, reverse

    from .gathering import first_live_child_url

    def named(name):
        try:
            return reverse(name)
        except NoReverseMatch:
            return None

    tasks = [
        ("phone", _("打热线"), _("心理援助热线，可匿名"), named("directory:hotlines")),
        ("pin", _("找服务"), _("身边的心理咨询和门诊"), named("directory:home")),
        ("check", _("做自测"), _("几分钟了解情绪状态"), first_live_child_url(home, "selfcheck.SelfCheckIndexPage")),
        ("book", _("看科普"), _("专家审核的心理知识"), first_live_child_url(home, "articles.ArticleIndexPage")),
        ("calendar", _("查活动"), _("讲座、义诊和团体活动"), first_live_child_url(home, "events.EventIndexPage")),
    ]
    return [{"icon": icon, "label": label, "hint": hint, "url": url} for icon, label, hint, url in tasks if url]


def articles_index_for(page, request=None):
    from content.articles.models import ArticleIndexPage

    site = Site.find_for_request(request) if request is not None else page.get_site()
    return ArticleIndexPage.objects.live().in_site(site).first() if site else None
