"""StreamField blocks of a questionnaire: answer options, questions, score bands, sources."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from content.directory.models import ServiceKind


def service_kind_choices():
    """The directory's service kinds (a callable, so migrations do not freeze the list)."""
    return list(ServiceKind.choices)


class BandLevel:
    LOW = "low"
    MILD = "mild"
    MODERATE = "moderate"
    HIGH = "high"
    CHOICES = [
        (LOW, _("无或极轻")),
        (MILD, _("轻度，值得留意")),
        (MODERATE, _("中度，建议咨询专业人员")),
        (HIGH, _("较重，建议尽快就医")),
    ]
    ORDER = [LOW, MILD, MODERATE, HIGH]


class AnswerOptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("选项文字"), max_length=120)
    score = blocks.IntegerBlock(label=_("分值"), min_value=0, max_value=100)

    class Meta:
        icon = "radio-full"
        label = _("答案选项")
        template = "selfcheck/blocks/answer_option.html"
        description = _("一个答案选项及其计分。")
        preview_value = {"label": "好几天", "score": 1}


class QuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("题目"), max_length=300)
    is_risk_item = blocks.BooleanBlock(
        label=_("自伤风险题"),
        required=False,
        help_text=_("勾选后：读者在此题选择任何得分大于 0 的答案，结果页最上方都会显示求助热线，不论总分多少。"),
    )
    options = blocks.ListBlock(
        AnswerOptionBlock(),
        label=_("本题的答案选项"),
        min_num=0,
        help_text=_("留空则使用问卷的通用答案选项。选项按显示顺序排列；反向计分的题目在这里写明各自分值。"),
    )

    class Meta:
        icon = "help"
        label = _("题目")
        template = "selfcheck/blocks/question.html"
        description = _("一道题目，可标为自伤风险题，可有自己的答案选项。")
        preview_value = {
            "text": "做事时提不起劲或没有兴趣",
            "is_risk_item": False,
            "options": [
                {"label": "完全不会", "score": 0},
                {"label": "好几天", "score": 1},
                {"label": "一半以上的天数", "score": 2},
                {"label": "几乎每天", "score": 3},
            ],
        }


class BandBlock(blocks.StructBlock):
    min_score = blocks.IntegerBlock(label=_("最低分（含）"), min_value=0)
    max_score = blocks.IntegerBlock(label=_("最高分（含）"), min_value=0)
    label = blocks.CharBlock(label=_("名称"), max_length=60, help_text=_("例如：轻度"))
    level = blocks.ChoiceBlock(label=_("关注程度"), choices=BandLevel.CHOICES, default=BandLevel.LOW)
    interpretation = blocks.RichTextBlock(
        label=_("通俗解读"),
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("用读者能懂的话说明这个分数意味着什么、可以做什么。"),
    )
    topics = blocks.ListBlock(
        blocks.CharBlock(max_length=60),
        label=_("推荐文章主题"),
        min_num=0,
        help_text=_("文章的主题标签，例如：抑郁、睡眠。结果页推荐带这些标签的文章。"),
    )
    service_kinds = blocks.MultipleChoiceBlock(label=_("推荐服务类型"), choices=service_kind_choices, required=False)

    class Meta:
        icon = "list-ol"
        label = _("分数段")
        template = "selfcheck/blocks/band.html"
        description = _("一个分数段：名称、通俗解读、推荐的文章主题和服务类型。")
        preview_value = {
            "min_score": 5,
            "max_score": 9,
            "label": "轻度",
            "level": BandLevel.MILD,
            "interpretation": "<p>近两周有一些抑郁相关的困扰。可以先从规律作息、适量运动和与信任的人聊聊开始。</p>",
            "topics": ["抑郁", "情绪管理"],
            "service_kinds": ["consultation_room"],
        }


class SourceBlock(blocks.StructBlock):
    citation = blocks.TextBlock(label=_("文献"), help_text=_("作者、标题、期刊、年份、卷期页码"))
    url = blocks.URLBlock(label=_("链接"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("来源")
        template = "selfcheck/blocks/source.html"
        description = _("量表或计分方法的出处。")
        preview_value = {
            "citation": "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity "
            "measure. J Gen Intern Med. 2001;16(9):606-613.",
            "url": "https://doi.org/10.1046/j.1525-1497.2001.016009606.x",
        }
