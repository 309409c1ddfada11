"""Page views per page per day: one aggregate number, nothing about the reader."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CountedKind(models.TextChoices):
    ARTICLE = "article", _("科普文章")
    EVENT = "event", _("活动")
    SERVICE = "service", _("服务点")


class PageViewDay(models.Model):
    """How many times one article, event or directory entry was viewed on one
    Asia/Shanghai day. Written only by ``counting.flush`` (``views = views + n``)."""

    kind = models.CharField(_("类型"), max_length=16, choices=CountedKind.choices)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    day = models.DateField(_("日期"))
    views = models.PositiveBigIntegerField(_("页面浏览次数"), default=0)

    class Meta:
        verbose_name = _("每日页面浏览次数")
        verbose_name_plural = _("每日页面浏览次数")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "day"], name="readership_one_row_per_page_day")
        ]
        indexes = [models.Index(fields=["kind", "day"], name="readership_kind_day")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.day} {self.views}"
