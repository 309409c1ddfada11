"""What happened at an event: counts only, never names."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel
from wagtail.models import Orderable, RevisionMixin

from .. import scoping

OVER_CAPACITY_FACTOR = 3


class AttendanceReportForm(WagtailAdminModelForm):
    """Limits the event choice to the organizer's own events; checks the breakdown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and scoping.is_scoped(user) and "event" in self.fields:
            field = self.fields["event"]
            field.queryset = field.queryset.filter(organizer_id=scoping.organization_id_for(user))

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        formset = self.formsets.get("breakdown")
        if formset is None:
            return True
        rows = [
            form.cleaned_data for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        total = (self.cleaned_data.get("attendees") or 0) + (self.cleaned_data.get("online_views") or 0)
        errors = breakdown_errors(total, [(row.get("audience"), row.get("count") or 0) for row in rows])
        for error in errors:
            self.add_error(None, error)
        return not errors


def breakdown_errors(total: int, rows) -> list[str]:
    """Messages for a breakdown [(audience, count), …] that does not fit its total."""
    errors = []
    audiences = [audience for audience, _count in rows if audience is not None]
    if len(audiences) != len(set(audiences)):
        errors.append(_("同一人群在分人群统计中只能出现一次。"))
    breakdown_sum = sum(count for _audience, count in rows)
    if breakdown_sum > total:
        errors.append(
            _("分人群合计 %(sum)d 人次，超过了服务总人次 %(total)d（现场 + 线上）。")
            % {"sum": breakdown_sum, "total": total}
        )
    return errors


class AttendanceReport(RevisionMixin, ClusterableModel):
    """One report per event; every saved change is kept as a revision."""

    event = models.OneToOneField(
        "events.EventPage", verbose_name=_("活动"), on_delete=models.CASCADE, related_name="attendance"
    )
    attendees = models.PositiveIntegerField(_("现场参与人次"), default=0)
    online_views = models.PositiveIntegerField(_("线上观看人次"), default=0)
    materials = models.PositiveIntegerField(_("发放资料份数"), default=0)
    volunteers = models.PositiveIntegerField(_("志愿者人数"), default=0)
    reach = models.PositiveIntegerField(_("服务人次"), default=0, editable=False, help_text=_("现场 + 线上"))
    confirm_over_capacity = models.BooleanField(
        _("我确认人数无误"),
        default=False,
        help_text=_("现场人数超过容纳人数三倍时，必须勾选确认。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    panels = [
        HelpPanel(content=_("只填写人数，不填写任何参与者的姓名或联系方式。")),
        FieldPanel("event"),
        FieldRowPanel([FieldPanel("attendees"), FieldPanel("online_views")]),
        FieldRowPanel([FieldPanel("materials"), FieldPanel("volunteers")]),
        FieldPanel("confirm_over_capacity"),
        InlinePanel("breakdown", heading=_("分人群统计（可选）"), label=_("人群")),
    ]
    base_form_class = AttendanceReportForm

    class Meta:
        verbose_name = _("参与人次记录")
        verbose_name_plural = _("参与人次记录")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        title = self.event.title if self.event_id else ""
        return _("%(title)s：服务 %(reach)d 人次") % {"title": title, "reach": self.reach}

    def save(self, *args, **kwargs):
        self.reach = (self.attendees or 0) + (self.online_views or 0)
        # The report may have been moved to another event: that one loses the figures.
        previous = (
            AttendanceReport.objects.filter(pk=self.pk).values_list("event_id", flat=True).first() if self.pk else None
        )
        super().save(*args, **kwargs)
        copy_figures_to_events({self.event_id, previous})

    def clean(self):
        super().clean()
        errors = {}
        event = self.event if self.event_id else None
        if event is not None:
            if not event.has_started:
                errors["event"] = _("活动尚未开始，开始后才能填报参与人次。")
            capacity = event.capacity
            if capacity and not self.confirm_over_capacity:
                figure = self.online_views if event.kind == "online" else self.attendees
                if figure > OVER_CAPACITY_FACTOR * capacity:
                    errors["confirm_over_capacity"] = _(
                        "人数 %(figure)d 超过容纳人数 %(capacity)d 的三倍，请核对；如确认无误，请勾选确认。"
                    ) % {"figure": figure, "capacity": capacity}
        if errors:
            raise ValidationError(errors)


def copy_figures_to_events(event_ids) -> None:
    """Rewrite the report_* figures of these events (one UPDATE each) from their reports."""
    from .pages import REPORT_FIGURES, EventPage, report_figure_values

    for event_id in sorted(pk for pk in event_ids if pk is not None):
        row = AttendanceReport.objects.filter(event_id=event_id).values(*REPORT_FIGURES).first()
        EventPage.objects.filter(pk=event_id).update(**report_figure_values(row))


@receiver(post_delete, sender=AttendanceReport)
def _report_deleted(sender, instance, **kwargs):
    # post_delete also fires for queryset and bulk deletes (the admin's bulk action).
    copy_figures_to_events({instance.event_id})


class AttendanceBreakdown(Orderable):
    report = ParentalKey(AttendanceReport, on_delete=models.CASCADE, related_name="breakdown")
    audience = models.ForeignKey(
        "reference.Audience", verbose_name=_("人群"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(_("人次"))

    panels = [FieldRowPanel([FieldPanel("audience"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = _("分人群人次")
        verbose_name_plural = _("分人群人次")
