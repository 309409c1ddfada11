"""ServicePoint: one place or line where people get psychological help.

A snippet, not a Page: a city has tens of thousands. Drafts, revisions, preview and
locking come from Wagtail's mixins; phones and opening hours are child rows kept in
the revision through modelcluster.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index

from content.readership.panels import PageViewsPanel
from content.reference.models import AdminArea, Audience, Organization, QuickChoiceDisplayMixin
from content.reference.phones import Phone, normalise_phone, validate_phone

from .choices import PUBLIC_STATUSES, REMOTE_KINDS, Booking, Fee, ServiceKind, ServiceStatus, Weekday

#: An entry not checked for this long shows up in the "needs checking" list.
VERIFY_INTERVAL_DAYS = 365


def upper_bound(prefix: str) -> str:
    """The smallest string greater than every code starting with ``prefix``.

    ``area_code >= prefix AND area_code < upper_bound(prefix)`` is one index range.
    """
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class ServicePointQuerySet(models.QuerySet):
    def public(self):
        """What the public may see: published and not defunct."""
        return self.filter(is_public=True)

    def in_area(self, code_or_prefix: str):
        """Entries in an area or any of its descendants (one index range scan)."""
        from content.reference.models import LEVEL_DIGITS, level_of

        code = code_or_prefix.ljust(12, "0")
        prefix = code[: LEVEL_DIGITS[level_of(code)]]
        return self.filter(area_code__gte=prefix, area_code__lt=upper_bound(prefix))

    def needs_checking(self, today: date | None = None):
        today = today or timezone.localdate()
        cutoff = today - timedelta(days=VERIFY_INTERVAL_DAYS)
        return self.exclude(status=ServiceStatus.DEFUNCT).filter(
            models.Q(last_verified__lt=cutoff) | models.Q(last_verified__isnull=True)
        )


class ServicePoint(
    QuickChoiceDisplayMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    uuid = models.UUIDField(_("HSDS 标识"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("服务类型"), max_length=32, choices=ServiceKind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("运营机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_points",
    )
    description = models.TextField(_("简介"), blank=True)
    area = models.ForeignKey(
        AdminArea,
        verbose_name=_("所在区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("村/社区、镇/街道或区县。全国性热线可留空。"),
    )
    # Denormalised copy of area_id (the 12-digit code) kept by save(): filters by any
    # ancestor are a range on this indexed column, without a join.
    area_code = models.CharField(max_length=12, blank=True, default="", editable=False)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("WGS-84。高德/腾讯地图的坐标是 GCJ-02，需先转换，否则偏差约 500 米。"),
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("网址"), blank=True)
    is_24_7 = models.BooleanField(_("全天24小时"), default=False)
    hours_note = models.CharField(_("时间说明"), max_length=255, blank=True, help_text=_("例如：法定节假日休息。"))
    services_offered = ParentalManyToManyField(
        "directory.ServiceOffered", verbose_name=_("服务项目"), blank=True, related_name="service_points"
    )
    audiences = ParentalManyToManyField(Audience, verbose_name=_("服务人群"), blank=True, related_name="service_points")
    fee = models.CharField(_("费用"), max_length=16, choices=Fee.choices, default=Fee.FREE)
    fee_note = models.CharField(_("费用说明"), max_length=255, blank=True)
    accessibility = models.CharField(_("无障碍设施"), max_length=255, blank=True, help_text=_("例如：一楼，有坡道。"))
    booking = models.CharField(_("预约方式"), max_length=16, choices=Booking.choices, default=Booking.WALK_IN)
    status = models.CharField(
        _("状态"), max_length=32, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE, db_index=True
    )
    last_verified = models.DateField(_("最近核实日期"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("示例信息"), default=False, help_text=_("演示用的虚构地址和电话：页面上会注明“示例信息，请以当地公布为准”。")
    )
    # live and not defunct, kept by save(); the public filters start with it.
    is_public = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    objects = ServicePointQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("kind"), FieldPanel("organization"), FieldPanel("description")],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("area"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("website"),
            ],
            heading=_("位置"),
        ),
        InlinePanel("phones", label=_("电话"), min_num=0),
        MultiFieldPanel(
            [FieldPanel("is_24_7"), InlinePanel("hours", label=_("开放时间")), FieldPanel("hours_note")],
            heading=_("开放时间"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("services_offered"),
                FieldPanel("audiences"),
                FieldRowPanel([FieldPanel("fee"), FieldPanel("booking")]),
                FieldPanel("fee_note"),
                FieldPanel("accessibility"),
            ],
            heading=_("服务"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("last_verified"), FieldPanel("is_illustrative")], heading=_("核实")
        ),
        PageViewsPanel("service"),  # on the edit screen only: last 30 days and total
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("address"),
        index.FilterField("kind"),
        index.FilterField("status"),
        index.FilterField("area_code"),
    ]

    class Meta:
        verbose_name = _("服务点")
        verbose_name_plural = _("服务点")
        ordering = ["area_code", "id"]
        indexes = [
            # Public list: everything / by area / by kind / 24-hour, in display order. Partial
            # indexes (WHERE is_public): SQLite's planner ignores a leading low-selectivity
            # boolean column and sorts 500,000 rows; these it uses (docs/benchmarks.md).
            models.Index(fields=["area_code", "id"], condition=Q(is_public=True), name="dir_sp_public_area"),
            models.Index(
                fields=["kind", "area_code", "id"], condition=Q(is_public=True), name="dir_sp_public_kind_area"
            ),
            models.Index(
                fields=["area_code", "id"], condition=Q(is_public=True, is_24_7=True), name="dir_sp_public_24h"
            ),
            # HSDS API: modified_after and its paging order.
            models.Index(fields=["updated_at", "id"], condition=Q(is_public=True), name="dir_sp_public_updated"),
            # Admin: status + kind filters, the "needs checking" list, coverage.
            models.Index(fields=["status", "kind"], name="dir_sp_status_kind"),
            models.Index(fields=["kind", "status", "area_code"], name="dir_sp_kind_status_area"),
            models.Index(fields=["last_verified"], name="dir_sp_last_verified"),
            # nearest_services(): bounding box on coordinates.
            models.Index(fields=["latitude", "longitude"], name="dir_sp_lat_lng"),
        ]

    def __str__(self) -> str:
        return self.name

    # --- saving -------------------------------------------------------------
    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        fields = set(update_fields) if update_fields is not None else None
        # Wagtail's "save draft" saves only revision bookkeeping fields from an
        # instance holding the draft: leave the published denormalised values alone.
        if fields is None or fields & {"area", "area_id"}:
            self.area_code = self.area_id or ""
            if fields is not None:
                fields.add("area_code")
        if fields is None or fields & {"status", "live"}:
            self.is_public = bool(self.live) and self.status in PUBLIC_STATUSES
            if fields is not None:
                fields.add("is_public")
        if fields is not None:
            kwargs["update_fields"] = list(fields)
        # One transaction for the row and its child relations (phones, hours, written by
        # ClusterableModel after post_save): the search index is written on commit, so it
        # always sees the phones, even for a save made outside any transaction.
        with transaction.atomic():
            super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("经纬度需同时填写或同时留空。")
        if self.kind and self.kind not in REMOTE_KINDS and not self.area_id:
            errors["area"] = _("线下服务点必须选择所在区划。")
        if errors:
            raise ValidationError(errors)

    # --- URLs and preview ----------------------------------------------------
    def get_url(self, request=None) -> str:
        return reverse("directory:detail", args=[self.pk])

    def get_absolute_url(self) -> str:
        return self.get_url()

    def get_preview_template(self, request, mode_name):
        return "directory/service_point_detail.html"

    def get_preview_context(self, request, mode_name):
        from ..opening import opening_state

        context = super().get_preview_context(request, mode_name)
        context.update({"service": self, "state": opening_state(self), "is_preview": True})
        return context

    # --- display helpers -------------------------------------------------------
    @property
    def is_temporarily_closed(self) -> bool:
        return self.status == ServiceStatus.TEMPORARILY_CLOSED

    @property
    def is_remote(self) -> bool:
        return self.kind in REMOTE_KINDS

    def get_booking_label(self) -> str:
        """How to get the service, as readers read it: a hotline is called and an online
        service is used online, whatever the stored booking value (never "直接前往")."""
        if self.kind == ServiceKind.HOTLINE:
            return str(_("拨打电话"))
        if self.kind == ServiceKind.ONLINE:
            return str(_("线上"))
        return str(self.get_booking_display())

    @property
    def lacks_hours(self) -> bool:
        """A hotline or online service with no 24-hour flag, schedule or hours note."""
        from ..opening import has_unknown_hours

        return has_unknown_hours(
            kind=self.kind, is_24_7=self.is_24_7, has_schedule=bool(self.hours.all()), hours_note=self.hours_note
        )

    @property
    def location(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return float(self.latitude), float(self.longitude)

    def map_url(self) -> str:
        """An OpenStreetMap link (a plain link the reader chooses to follow)."""
        if self.location is None:
            return ""
        lat, lng = self.location
        return f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lng:.6f}#map=17/{lat:.6f}/{lng:.6f}"


class ServicePointPhone(Orderable):
    service_point = ParentalKey(ServicePoint, related_name="phones", on_delete=models.CASCADE)
    label = models.CharField(_("说明"), max_length=50, blank=True, help_text=_("例如：预约电话、24小时热线。"))
    number = models.CharField(_("号码"), max_length=40, validators=[validate_phone])

    panels = [FieldPanel("label"), FieldPanel("number")]

    class Meta(Orderable.Meta):
        verbose_name = _("电话")
        verbose_name_plural = _("电话")

    def __str__(self) -> str:
        return f"{self.label} {self.number}".strip()

    def clean(self):
        super().clean()
        try:
            self.number = normalise_phone(self.number)
        except ValidationError as exc:
            raise ValidationError({"number": exc.messages})

    @property
    def tel(self) -> str:
        return Phone(self.number).href


class OpeningHours(models.Model):
    """One opening interval on one weekday. ``closes`` ≤ ``opens`` runs past midnight."""

    service_point = ParentalKey(ServicePoint, related_name="hours", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    opens = models.TimeField(_("开始"))
    closes = models.TimeField(_("结束"), help_text=_("早于开始时间表示到次日（如 20:00–02:00）；00:00 表示到午夜。"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta:
        verbose_name = _("开放时间")
        verbose_name_plural = _("开放时间")
        ordering = ["weekday", "opens"]
        indexes = [models.Index(fields=["weekday", "opens", "closes"], name="dir_hours_day_open")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens is not None and self.opens == self.closes and self.opens.hour != 0:
            raise ValidationError({"closes": _("结束时间不能等于开始时间。")})
