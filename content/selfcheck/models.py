"""Self-check questionnaires (心理测评): pages editors manage, taken privately.

A ``QuestionnairePage`` holds a whole instrument — instructions, questions with their
answer options and scores, score bands with a plain-language interpretation and the
help to offer, risk items, sources and licence — as StreamFields, so an instrument is
versioned, previewed and approved through Wagtail's workflow like any health content,
and one page revision is always one consistent instrument.

Submitting answers renders the result in the POST response itself: nothing is written
to the database, the cache, a cookie or a log, and the answers never appear in a URL.
"""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from anxin.api.v2 import fields as api_fields
from anxin.cache.pages import ScopedPageMixin
from content.reference.models import AdminArea, Audience
from content.reference.slugs import PinyinSlugPageMixin

from . import scoring
from .blocks import AnswerOptionBlock, BandBlock, QuestionBlock, SourceBlock


class Subject(models.TextChoices):
    """What a questionnaire is about: the result recommends articles on this subject."""

    MOOD = "mood", _("抑郁/情绪")
    ANXIETY = "anxiety", _("焦虑")
    PERINATAL = "perinatal", _("孕产期/产后情绪")


#: Words an article's topic contains when it is on the subject (“考试焦虑” is on 焦虑).
SUBJECT_TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    Subject.MOOD: ("抑郁", "情绪"),
    Subject.ANXIETY: ("焦虑",),
    Subject.PERINATAL: ("产后", "孕产", "孕期"),
}


class SelfCheckIndexPage(PinyinSlugPageMixin, ScopedPageMixin, Page):
    """Lists the questionnaires and says what a self-check can and cannot do."""

    cache_depends_on = ("selfcheck", "directory")

    intro = RichTextField(_("导语"), blank=True, features=["bold", "italic", "link", "ul"])
    service_area = models.ForeignKey(
        AdminArea,
        verbose_name=_("服务区域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("结果页让读者从这个区域及其下一级区划中选择所在地，以推荐附近的服务。"),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("service_area")]
    api_fields = [
        APIField("intro", serializer=api_fields.RichTextHTMLField()),
        APIField("share_title", serializer=api_fields.ShareTitleField()),
        APIField("share_summary", serializer=api_fields.ShareSummaryField()),
    ]
    subpage_types = ["selfcheck.QuestionnairePage"]

    class Meta:
        verbose_name = _("心理测评目录")

    def questionnaires(self):
        return QuestionnairePage.objects.child_of(self).live().public().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["questionnaires"] = self.questionnaires().prefetch_related("audiences")
        return context

    def area_choices(self) -> list[AdminArea]:
        """The service area and its direct children, for "where are you?"."""
        if self.service_area_id is None:
            return []
        areas = AdminArea.objects.filter(Q(code=self.service_area_id) | Q(parent_id=self.service_area_id))
        return list(areas.order_by("code"))  # the service area's code sorts before its children's


class QuestionnairePage(PinyinSlugPageMixin, ScopedPageMixin, Page):
    """One instrument (PHQ-9, GAD-7, EPDS …) that readers take privately."""

    cache_depends_on = ("selfcheck", "articles", "directory")  # the result recommends both

    short_name = models.CharField(_("简称"), max_length=30, blank=True, help_text=_("例如：PHQ-9"))
    summary = models.CharField(_("简介"), max_length=200, help_text=_("在目录中显示：测什么、适合谁。"))
    audiences = ParentalManyToManyField(Audience, verbose_name=_("适用人群"), blank=True, related_name="+")
    subject = models.CharField(
        _("测评主题"),
        max_length=20,
        choices=Subject.choices,
        blank=True,
        help_text=_("结果页按主题和读者选择的人群推荐文章，例如 PHQ-9 选“抑郁/情绪”。"),
    )
    minutes = models.PositiveSmallIntegerField(_("大约用时（分钟）"), default=3)
    instructions = RichTextField(
        _("作答说明"), features=["bold", "italic"], help_text=_("例如：在过去两个星期，有多少时候您受到以下问题困扰？")
    )
    answer_options = StreamField(
        [("option", AnswerOptionBlock())],
        verbose_name=_("通用答案选项"),
        blank=True,
        help_text=_("没有自己答案选项的题目都使用这组选项，按显示顺序排列。"),
    )
    questions = StreamField([("question", QuestionBlock())], verbose_name=_("题目"))
    bands = StreamField(
        [("band", BandBlock())],
        verbose_name=_("分数段与解读"),
        help_text=_("分数段须从 0 分连续覆盖到满分，互不重叠。"),
    )
    sources = StreamField([("source", SourceBlock())], verbose_name=_("来源文献"), blank=True)
    licence_note = RichTextField(_("版权与许可"), features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("short_name"),
        FieldPanel("summary"),
        FieldPanel("audiences"),
        FieldPanel("subject"),
        FieldPanel("minutes"),
        FieldPanel("instructions"),
        HelpPanel(
            content=_("读者的答案和分数不会被保存：不写入数据库、缓存、日志或 Cookie。请不要在题目中要求填写个人信息。")
        ),
        FieldPanel("answer_options"),
        FieldPanel("questions"),
        FieldPanel("bands"),
        MultiFieldPanel([FieldPanel("sources"), FieldPanel("licence_note")], heading=_("来源与许可")),
    ]
    # The instrument as published: items, options with their scores, bands. Never a
    # reader's answers (nothing is stored; the API has nothing to submit to).
    api_fields = [
        APIField("short_name"),
        APIField("summary"),
        APIField("audiences", serializer=api_fields.AudiencesField()),
        APIField("subject", serializer=api_fields.ChoiceField(Subject.choices)),
        APIField("minutes"),
        APIField("instructions", serializer=api_fields.RichTextHTMLField()),
        APIField("answer_options", serializer=api_fields.OptionsField()),
        APIField("questions", serializer=api_fields.QuestionsField()),
        APIField("bands", serializer=api_fields.BandsField()),
        APIField("sources", serializer=api_fields.QuestionnaireSourcesField()),
        APIField("licence_note", serializer=api_fields.RichTextHTMLField()),
        APIField("share_title", serializer=api_fields.ShareTitleField()),
        APIField("share_summary", serializer=api_fields.ShareSummaryField()),
    ]
    parent_page_types = ["selfcheck.SelfCheckIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("心理测评问卷")
        verbose_name_plural = _("心理测评问卷")

    # --- The instrument ------------------------------------------------------
    def instrument(self) -> scoring.Instrument:
        return self._instrument

    @cached_property
    def _instrument(self) -> scoring.Instrument:
        shared = tuple(scoring.Option(o.value["label"], o.value["score"]) for o in self.answer_options)
        questions = []
        for block in self.questions:
            own = tuple(scoring.Option(o["label"], o["score"]) for o in block.value["options"])
            questions.append(
                scoring.Question(
                    text=block.value["text"],
                    options=own or shared,
                    is_risk_item=bool(block.value["is_risk_item"]),
                )
            )
        bands = tuple(
            scoring.Band(
                min_score=b.value["min_score"],
                max_score=b.value["max_score"],
                label=b.value["label"],
                level=b.value["level"],
                interpretation=b.value["interpretation"].source if b.value["interpretation"] else "",
                topics=tuple(b.value["topics"]),
                service_kinds=tuple(b.value["service_kinds"] or ()),
            )
            for b in self.bands
        )
        return scoring.Instrument(name=self.short_name or self.title, questions=tuple(questions), bands=bands)

    def clean(self):
        super().clean()
        errors: dict[str, list[str]] = {}
        shared_count = len(self.answer_options)
        question_problems = []
        for number, block in enumerate(self.questions, start=1):
            options = block.value["options"] or list(self.answer_options)
            if not block.value["options"] and not shared_count:
                question_problems.append(
                    _("第 %(number)s 题没有答案选项，也没有通用答案选项。") % {"number": number},
                )
            elif len(options) < 2:
                question_problems.append(_("第 %(number)s 题至少需要两个答案选项。") % {"number": number})
        if not len(self.questions):
            question_problems.append(_("请至少添加一道题目。"))
        if question_problems:
            errors["questions"] = question_problems
        else:
            self.__dict__.pop("_instrument", None)
            instrument = self._instrument
            problems = scoring.band_problems(instrument.bands, instrument.max_score)
            if problems:
                errors["bands"] = problems
            self.__dict__.pop("_instrument", None)
        if errors:
            raise ValidationError(errors)

    @property
    def subject_topic_words(self) -> tuple[str, ...]:
        return SUBJECT_TOPIC_WORDS.get(self.subject, ())

    @property
    def risk_item_numbers(self) -> list[int]:
        return [n for n, q in enumerate(self.instrument().questions, start=1) if q.is_risk_item]

    @property
    def plain_summary(self) -> str:
        return strip_tags(self.summary)

    # --- Serving -------------------------------------------------------------
    def index_page(self) -> SelfCheckIndexPage | None:
        return SelfCheckIndexPage.objects.parent_of(self).first()

    def serve(self, request, *args, **kwargs):
        from .views import serve_questionnaire

        return serve_questionnaire(self, request)

    def serve_preview(self, request, mode_name):
        return self.serve(request)
