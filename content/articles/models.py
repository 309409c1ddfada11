"""Psychoeducation articles: ArticlePage, its index (with topic pages and feeds) and topics."""

from __future__ import annotations

import datetime
import json
import math
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from anxin.api.v2 import body as api_body
from anxin.api.v2 import fields as api_fields
from anxin.cache.pages import ScopedPageMixin
from content.readership.pages import CountedPageMixin
from content.readership.panels import PageViewsPanel
from content.reference.models import Audience, QuickChoiceDisplayMixin
from content.reference.slugs import PinyinSlugPageForm, PinyinSlugPageMixin

from .blocks import ArticleBodyBlock, SourceBlock
from .review import ArticlePermissionTester, ExpertReviewTask  # noqa: F401  (the workflow task model)

ARTICLES_PER_PAGE = 12
CJK_CHARS_PER_MINUTE = 400
LATIN_WORDS_PER_MINUTE = 200
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")


class ArticleFormat(models.TextChoices):
    ARTICLE = "article", _("文章")
    HANDBOOK = "handbook", _("手册/口袋书")
    VIDEO = "video", _("视频")
    TOOLKIT = "toolkit", _("工具包")


REVIEW_STATUS_LABELS = {
    "overdue": _("内容待复审"),
    "due": _("30天内到期"),
    "ok": _("已审核"),
    "none": _("未经专家审核"),
}


class ArticleTopic(TaggedItemBase):
    """Through model for an article's topics (django-taggit tags)."""

    content_object = ParentalKey("articles.ArticlePage", related_name="tagged_topics", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("文章主题")
        verbose_name_plural = _("文章主题")


def reading_minutes(text: str) -> int:
    """Minutes to read ``text``: 400 Chinese characters or 200 other words a minute."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN_WORD.findall(_CJK.sub(" ", text)))
    minutes = cjk / CJK_CHARS_PER_MINUTE + latin / LATIN_WORDS_PER_MINUTE
    return max(1, math.ceil(minutes))


def stream_plain_text(stream_value) -> str:
    """Readable text of a StreamField value (for reading time and search)."""
    parts: list[str] = []

    def walk(value):
        if value is None:
            return
        if hasattr(value, "source"):  # RichText
            parts.append(strip_tags(value.source))
        elif isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict) or (hasattr(value, "items") and callable(value.items)):
            for key, item in value.items():
                if key in ("url", "kind", "level", "image", "document", "services"):
                    continue
                walk(item)
        elif isinstance(value, list | tuple) or (hasattr(value, "__iter__") and not isinstance(value, bytes)):
            for item in value:
                walk(getattr(item, "value", item))

    for block in stream_value or []:
        walk(block.value)
    return "\n".join(p.strip() for p in parts if p and p.strip())


class ArticlePageForm(PinyinSlugPageForm):
    """Refuses an article without an audience, with a Chinese message; nothing is saved."""

    def clean(self):
        cleaned = super().clean()
        if "audiences" in self.fields and not cleaned.get("audiences"):
            self.add_error("audiences", _("请至少选择一个服务人群：文章写给谁看？"))
        return cleaned


class ArticlePage(PinyinSlugPageMixin, CountedPageMixin, ScopedPageMixin, QuickChoiceDisplayMixin, Page):
    cache_depends_on = ("articles", "directory")  # the related-services block shows entries
    counted_kind = "article"  # page views per day (content/readership)
    summary = models.TextField(_("摘要"), max_length=300, help_text=_("一两句话，显示在列表、搜索结果和分享卡片中。"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt = models.CharField(_("封面替代文字"), max_length=200, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("正文"))
    audiences = ParentalManyToManyField(Audience, verbose_name=_("服务人群"), related_name="articles")
    topics = ClusterTaggableManager(through=ArticleTopic, blank=True, verbose_name=_("主题"))
    format = models.CharField(_("形式"), max_length=16, choices=ArticleFormat.choices, default=ArticleFormat.ARTICLE)
    sources = StreamField([("source", SourceBlock())], verbose_name=_("参考来源"), blank=True)
    reviewer = models.ForeignKey(
        "reference.Expert",
        verbose_name=_("审核专家"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
    )
    reviewed_date = models.DateField(_("最近审核日期"), null=True, blank=True)
    next_review_date = models.DateField(_("下次审核日期"), null=True, blank=True, db_index=True)
    reading_time = models.PositiveSmallIntegerField(_("阅读时间（分钟）"), default=1, editable=False)

    base_form_class = ArticlePageForm
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []
    page_description = _("一篇经专家审核的心理健康科普文章、手册、视频或工具包。")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], heading=_("封面")),
        FieldPanel("body"),
        FieldPanel("sources"),
    ]
    promote_panels = [
        PageViewsPanel("article"),
        MultiFieldPanel(
            [FieldPanel("audiences", widget=forms.CheckboxSelectMultiple), FieldPanel("topics"), FieldPanel("format")],
            heading=_("分类"),
        ),
        MultiFieldPanel(
            [
                # Written by the expert's approval in the 专家审核 workflow, never by hand.
                FieldPanel("reviewer", read_only=True),
                FieldRowPanel([FieldPanel("reviewed_date", read_only=True), FieldPanel("next_review_date")]),
            ],
            heading=_("专家审核"),
            help_text=_(
                "审核专家批准时自动记录审核专家和审核日期；下次审核日期可由编辑提前填写，否则按站点设置的复审间隔计算。"
            ),
        ),
        *Page.promote_panels,
    ]

    api_fields = [
        APIField("summary"),
        APIField("cover", serializer=api_fields.ImageRenditionsField(source="cover_image")),
        APIField("cover_alt"),
        APIField("body", serializer=api_body.StreamBlocksField()),
        APIField("body_html", serializer=api_body.StreamHTMLField(source="body")),
        APIField("audiences", serializer=api_fields.AudiencesField()),
        APIField("topics", serializer=api_fields.TopicsField()),
        APIField("format", serializer=api_fields.ChoiceField(ArticleFormat.choices)),
        APIField("reviewer", serializer=api_fields.ExpertField()),
        APIField("reviewed_date", serializer=api_fields.DateField()),
        APIField("next_review_date", serializer=api_fields.DateField()),
        APIField("reading_time"),
        APIField("sources", serializer=api_body.SourcesField()),
        APIField("share_title", serializer=api_fields.ShareTitleField()),
        APIField("share_summary", serializer=api_fields.ShareSummaryField()),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("format"),
        index.FilterField("next_review_date"),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("科普文章")
        verbose_name_plural = _("科普文章")

    def clean(self):
        super().clean()
        errors = {}
        if self.reviewed_date and self.next_review_date and self.next_review_date <= self.reviewed_date:
            errors["next_review_date"] = _("下次审核日期必须晚于最近审核日期。")
        if self.next_review_date and not self.reviewed_date and self.next_review_date <= timezone.localdate():
            errors["next_review_date"] = _("尚未审核的文章，下次审核日期必须晚于今天。")
        if self.reviewed_date and self.reviewed_date > timezone.localdate():
            errors["reviewed_date"] = _("最近审核日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)

    def permissions_for_user(self, user):
        return ArticlePermissionTester(user, self)

    def save(self, *args, **kwargs):
        self.reading_time = reading_minutes(self.plain_text)
        return super().save(*args, **kwargs)

    @property
    def plain_text(self) -> str:
        return "\n".join([self.title, self.summary, stream_plain_text(self.body)])

    @property
    def review_status(self) -> str:
        """ "overdue", "due" (within 30 days), "ok" or "none" (never reviewed)."""
        if not self.reviewer_id or not self.next_review_date:
            return "none"
        today = timezone.localdate()
        if self.next_review_date < today:
            return "overdue"
        if self.next_review_date <= today + datetime.timedelta(days=30):
            return "due"
        return "ok"

    @property
    def review_status_label(self) -> str:
        return str(REVIEW_STATUS_LABELS[self.review_status])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # read once for the page and its JSON-LD (json_ld asks again)
        prefetch_related_objects([self], "audiences", "topics")
        context["audience_list"] = list(self.audiences.all())
        context["topic_list"] = list(self.topics.all())
        context["index_page"] = self.get_parent().specific
        return context

    def json_ld(self, request=None) -> str:
        """schema.org MedicalWebPage describing this article, safe to put in a <script> data block."""
        from content.reference.public_urls import public_page_url

        url = public_page_url(self, request)
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "headline": self.title,
            "name": self.title,
            "description": self.summary,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": "zh-CN",
            "audience": [{"@type": "PeopleAudience", "audienceType": a.name} for a in self.audiences.all()],
            "about": [{"@type": "Thing", "name": t.name} for t in self.topics.all()],
            "timeRequired": f"PT{self.reading_time}M",
        }
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.reviewer:
            data["reviewedBy"] = {
                "@type": "Person",
                "name": self.reviewer.name,
                "jobTitle": self.reviewer.title,
                "affiliation": {"@type": "Organization", "name": self.reviewer.institution},
            }
        if self.reviewed_date:
            data["lastReviewed"] = self.reviewed_date.isoformat()
        text = json.dumps(data, ensure_ascii=False)
        # Never let the data close the <script> element it sits in.
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class ArticleFilterForm(forms.Form):
    def __init__(self, *args, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        if topics is not None:
            self.fields["topic"].queryset = topics

    audience = forms.ModelChoiceField(
        queryset=Audience.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("人群"),
        empty_label=_("全部人群"),
    )
    topic = forms.ModelChoiceField(
        queryset=Tag.objects.none(), to_field_name="slug", required=False, label=_("主题"), empty_label=_("全部主题")
    )
    format = forms.ChoiceField(choices=[("", _("全部形式")), *ArticleFormat.choices], required=False, label=_("形式"))


class ArticleIndexPage(PinyinSlugPageMixin, ScopedPageMixin, RoutablePageMixin, Page):
    cache_depends_on = ("articles",)
    """Lists articles with filters (audience, topic, format); topic pages and RSS feeds are routes of it."""

    intro = models.CharField(_("导语"), max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [
        APIField("intro"),
        APIField("share_title", serializer=api_fields.ShareTitleField()),
        APIField("share_summary", serializer=api_fields.ShareSummaryField()),
    ]
    subpage_types = ["articles.ArticlePage"]
    page_description = _("科普文章的列表页，带人群、主题和形式筛选，以及主题页和 RSS 订阅。")

    class Meta:
        verbose_name = _("科普文章列表")

    def articles(self):
        return (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("cover_image", "reviewer")
            .order_by("-first_published_at", "-pk")
        )

    def paginate(self, request, queryset):
        paginator = Paginator(queryset, ARTICLES_PER_PAGE)
        try:
            return paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage:
            return paginator.page(paginator.num_pages)

    @path("")
    def index_route(self, request):
        articles = self.articles()
        form = ArticleFilterForm(request.GET or None, topics=self.topics_in_use())
        selected = {}
        if form.is_valid():
            if form.cleaned_data.get("audience"):
                selected["audience"] = form.cleaned_data["audience"]
                articles = articles.filter(audiences=selected["audience"])
            if form.cleaned_data.get("topic"):
                selected["topic"] = form.cleaned_data["topic"]
                articles = articles.filter(topics=selected["topic"])
            if form.cleaned_data.get("format"):
                selected["format"] = form.cleaned_data["format"]
                articles = articles.filter(format=selected["format"])
        articles = articles.distinct()
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "selected": selected,
                "articles": self.paginate(request, articles),
                "feed_audience": selected.get("audience"),
            },
        )

    def topics_in_use(self):
        return (
            Tag.objects.filter(articles_articletopic_items__content_object__in=self.articles())
            .distinct()
            .order_by("name")
        )

    @path("topics/", name="topics")
    def topics_route(self, request):
        topics = (
            Tag.objects.filter(articles_articletopic_items__content_object__in=self.articles())
            .annotate(article_count=models.Count("articles_articletopic_items", distinct=True))
            .order_by("-article_count", "name")
        )
        return self.render(request, template="articles/topic_list.html", context_overrides={"topics": topics})

    @re_path(r"^topics/(?P<slug>[-\w]+)/$", name="topic")
    def topic_route(self, request, slug):
        topic = get_object_or_404(Tag, slug=slug)
        articles = self.articles().filter(topics=topic)
        if not articles.exists():
            raise Http404
        return self.render(
            request,
            template="articles/topic_page.html",
            context_overrides={"topic": topic, "articles": self.paginate(request, articles)},
        )

    @path("feed/", name="feed")
    def feed_route(self, request):
        from .feeds import ArticleFeed

        return ArticleFeed(self)(request)

    @re_path(r"^feed/(?P<audience_slug>[-\w]+)/$", name="audience_feed")
    def audience_feed_route(self, request, audience_slug):
        from .feeds import ArticleFeed

        audience = get_object_or_404(Audience, slug=audience_slug)
        return ArticleFeed(self, audience=audience)(request)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            topics_url = base + "topics/"
            urls.append({"location": topics_url, "lastmod": self.last_published_at})
            slugs = (
                Tag.objects.filter(articles_articletopic_items__content_object__in=self.articles())
                .values_list("slug", flat=True)
                .distinct()
            )
            urls.extend({"location": f"{topics_url}{slug}/"} for slug in slugs)
        return urls

    @cached_property
    def audiences_with_articles(self):
        return Audience.objects.filter(articles__in=self.articles()).distinct()
