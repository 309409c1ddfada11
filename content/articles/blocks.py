"""StreamField blocks of an article body. Each carries its template, a preview
value and a description for the editor's block picker."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from content.reference.blocks import HotlineCardBlock

from .video import SUPPORTED_HOSTS_HELP, parse_video_url

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("段落")
        template = "articles/blocks/paragraph.html"
        description = _("正文段落，可加粗、链接和列表。")
        preview_value = "<p>失眠、心慌、总往坏处想——这些都是身体和心理在提醒我们：需要休息和支持了。</p>"

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题文字"), max_length=80)
    level = blocks.ChoiceBlock(label=_("级别"), choices=[("h2", _("二级标题")), ("h3", _("三级标题"))], default="h2")

    class Meta:
        icon = "title"
        label = _("小标题")
        template = "articles/blocks/heading.html"
        description = _("把长文分成几部分，方便读者跳读。")
        preview_value = {"text": "什么时候需要求助", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    alt_text = blocks.CharBlock(
        label=_("替代文字"), max_length=200, help_text=_("给读屏软件用户的图片描述；纯装饰图片可写“装饰图片”。")
    )
    caption = blocks.CharBlock(label=_("图片说明"), max_length=200, required=False)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "articles/blocks/image.html"
        description = _("带替代文字和说明的图片，按屏幕大小自动选择尺寸。")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("引文"))
    attribution = blocks.CharBlock(label=_("出处"), max_length=120, required=False)

    class Meta:
        icon = "openquote"
        label = _("引用")
        template = "articles/blocks/quote.html"
        description = _("引用专家或亲历者的一段话。")
        preview_value = {"quote": "寻求帮助不是软弱，而是照顾自己的勇气。", "attribution": "社区心理咨询师"}


class CalloutBlock(blocks.StructBlock):
    KIND_CHOICES = [("tip", _("小贴士")), ("warning", _("注意")), ("seek_help", _("何时需要求助"))]

    kind = blocks.ChoiceBlock(label=_("类型"), choices=KIND_CHOICES, default="tip")
    title = blocks.CharBlock(label=_("标题"), max_length=80, required=False)
    text = blocks.RichTextBlock(label=_("内容"), features=["bold", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        label = _("提示框")
        template = "articles/blocks/callout.html"
        description = _("醒目的提示：小贴士、注意事项或“何时需要求助”。")
        preview_value = {
            "kind": "seek_help",
            "title": "何时需要求助",
            "text": "<ul><li>情绪低落持续两周以上</li><li>有伤害自己的想法</li></ul>",
        }


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("问题"), max_length=200)
    answer = blocks.RichTextBlock(label=_("回答"), features=["bold", "link", "ul", "ol"])


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=80, default="常见问题")
    items = blocks.ListBlock(FAQItemBlock(), label=_("问答"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("常见问题")
        template = "articles/blocks/faq.html"
        description = _("一组问答，读者可逐条展开（不需要 JavaScript）。")
        preview_value = {
            "title": "常见问题",
            "items": [{"question": "心理咨询收费吗？", "answer": "<p>社区心理咨询室一般免费。</p>"}],
        }


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("视频地址"), help_text=SUPPORTED_HOSTS_HELP)
    title = blocks.CharBlock(label=_("视频标题"), max_length=120)
    transcript = blocks.TextBlock(label=_("文字稿"), required=False, help_text=_("给听障读者和流量不足的读者。"))

    class Meta:
        icon = "media"
        label = _("视频")
        template = "articles/blocks/video.html"
        description = _("哔哩哔哩、腾讯视频或优酷的视频；读者点击后才加载播放器。")
        preview_value = {"url": "https://www.bilibili.com/video/BV1GJ411x7h7", "title": "认识焦虑"}

    def clean(self, value):
        value = super().clean(value)
        if parse_video_url(value.get("url")) is None:
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("这个视频地址无法嵌入。") + SUPPORTED_HOSTS_HELP)}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["source"] = parse_video_url(value.get("url"))
        return context


class DocumentDownloadBlock(blocks.StructBlock):
    KIND_CHOICES = [
        ("handbook", _("手册")),
        ("pocket_book", _("口袋书")),
        ("toolkit", _("工具包")),
        ("other", _("资料")),
    ]

    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), max_length=120)
    kind = blocks.ChoiceBlock(label=_("类型"), choices=KIND_CHOICES, default="handbook")
    description = blocks.TextBlock(label=_("简介"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("资料下载")
        template = "articles/blocks/document.html"
        description = _("可下载的手册、口袋书或工具包，显示文件类型和大小。")


class RelatedServicesBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=80, default="身边的心理服务")
    services = blocks.ListBlock(SnippetChooserBlock("directory.ServicePoint"), label=_("服务点"), min_num=1)

    class Meta:
        icon = "site"
        label = _("相关服务")
        template = "articles/blocks/related_services.html"
        description = _("从服务目录中选择相关的咨询室、门诊或热线；停用的服务点不会显示。")

    def get_context(self, value, parent_context=None):
        from django.db.models import prefetch_related_objects

        context = super().get_context(value, parent_context=parent_context)
        # one query for every entry's phones, not one per entry
        prefetch_related_objects([service for service in value["services"] if service], "phones")
        return context


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    faq = FAQBlock()
    video = VideoBlock()
    document = DocumentDownloadBlock()
    related_services = RelatedServicesBlock()
    hotline = HotlineCardBlock()

    class Meta:
        block_counts = {"paragraph": {"min_num": 1}}


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("文献或文件名"), max_length=200)
    publisher = blocks.CharBlock(label=_("发布机构或作者"), max_length=120, required=False)
    url = blocks.URLBlock(label=_("链接"), required=False)
    year = blocks.IntegerBlock(label=_("年份"), required=False, min_value=1900, max_value=2100)

    class Meta:
        icon = "link"
        label = _("参考来源")
        template = "articles/blocks/source.html"
        description = _("文章依据的指南、文件或研究。")
        preview_value = {"title": "精神卫生法", "publisher": "全国人民代表大会常务委员会", "year": 2018}
