"""Blocks shared by several apps."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .phones import validate_phone


class PhoneNumberBlock(blocks.CharBlock):
    """A phone number in any of the forms Chinese services use (see phones.py)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=32, validators=[validate_phone], **kwargs)


class HotlineCardBlock(blocks.StructBlock):
    """A prominent card with a hotline to call in one tap."""

    name = blocks.CharBlock(label=_("名称"), max_length=80)
    number = PhoneNumberBlock(label=_("号码"))
    hours = blocks.CharBlock(label=_("服务时间"), max_length=80, required=False)
    note = blocks.CharBlock(label=_("说明"), max_length=200, required=False)

    class Meta:
        icon = "mobile-alt"
        label = _("热线卡片")
        template = "reference/blocks/hotline_card.html"
        description = _("醒目的求助热线卡片，读者可一键拨打。")
        preview_value = {
            "name": "全国统一心理援助热线",
            "number": "12356",
            "hours": "每日不少于18小时",
            "note": "可匿名，免费咨询",
        }
