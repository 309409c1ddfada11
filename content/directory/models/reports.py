"""Corrections sent by readers ("report a mistake"): no personal data, an editors' queue."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class CorrectionProblem(models.TextChoices):
    PHONE = "phone", _("电话打不通或号码有误")
    ADDRESS = "address", _("地址或位置有误")
    HOURS = "hours", _("开放时间有误")
    CLOSED = "closed", _("已停止服务或已搬迁")
    OTHER = "other", _("其他")


class CorrectionStatus(models.TextChoices):
    NEW = "new", _("待处理")
    FIXED = "fixed", _("已更正")
    DISMISSED = "dismissed", _("无需更正")


class CorrectionReport(index.Indexed, models.Model):
    service_point = models.ForeignKey(
        "directory.ServicePoint", verbose_name=_("服务点"), on_delete=models.CASCADE, related_name="corrections"
    )
    problem = models.CharField(_("问题"), max_length=16, choices=CorrectionProblem.choices)
    details = models.TextField(_("详细说明"), max_length=1000, blank=True)
    status = models.CharField(_("处理状态"), max_length=16, choices=CorrectionStatus.choices, default="new")
    editor_note = models.TextField(_("处理备注"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    panels = [
        FieldPanel("service_point", read_only=True),
        FieldPanel("problem", read_only=True),
        FieldPanel("details", read_only=True),
        FieldPanel("status"),
        FieldPanel("editor_note"),
    ]
    search_fields = [index.SearchField("details"), index.FilterField("status")]

    class Meta:
        verbose_name = _("纠错反馈")
        verbose_name_plural = _("纠错反馈")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="dir_corr_status_created")]

    def __str__(self) -> str:
        return f"{self.service_point} · {self.get_problem_display()}"
