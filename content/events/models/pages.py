"""EventIndexPage and EventPage."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index

from anxin.api.v2 import fields as api_fields
from anxin.cache import pages as page_cache
from anxin.cache.pages import ScopedPageMixin
from content.readership.pages import CountedPageMixin
from content.readership.panels import PageViewsPanel
from content.reference.models import QuickChoiceDisplayMixin
from content.reference.slugs import PinyinSlugPageForm, PinyinSlugPageMixin

from .. import scoping
from .routes import EventIndexRoutesMixin

SHANGHAI = ZoneInfo("Asia/Shanghai")


class EventKind(models.TextChoices):
    LECTURE = "lecture", _("讲座")
    CONSULTATION = "consultation", _("义诊咨询")
    GROUP = "group", _("团体辅导")
    WALK = "walk", _("健步走")
    ORIENTEERING = "orienteering", _("定向赛")
    TRAINING = "training", _("培训")
    PUBLICITY = "publicity", _("宣传")
    ONLINE = "online", _("线上直播")


SCHEMA_ORG_MODE = {EventKind.ONLINE: "OnlineEventAttendanceMode"}

# AttendanceReport columns copied onto EventPage as report_<name>, plus report_count.
REPORT_FIGURES = ("attendees", "online_views", "reach", "materials", "volunteers")
REPORT_FIGURE_FIELDS = ("report_count", *(f"report_{name}" for name in REPORT_FIGURES))


def report_figure_values(report: dict | None) -> dict:
    """EventPage's report_* values for a report's figures (a dict), or zeros for no report."""
    values = {"report_count": 1 if report is not None else 0}
    values.update({f"report_{name}": (report[name] or 0) if report is not None else 0 for name in REPORT_FIGURES})
    return values


class EventPageForm(PinyinSlugPageForm):
    """An organizer can only choose their own organization."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and scoping.is_scoped(user) and "organizer" in self.fields:
            organization = scoping.organization_for(user)
            field = self.fields["organizer"]
            field.queryset = field.queryset.filter(pk=organization.pk if organization else None)
            if organization is not None:
                field.empty_label = None
                field.error_messages["invalid_choice"] = _("活动组织者只能以本机构（%(name)s）的名义发布活动。") % {
                    "name": organization.name
                }
                if not self.instance.organizer_id:
                    # a new event: the form's own initial (the empty instance's None) wins over
                    # field.initial, so the organization goes into the form's initial data
                    self.initial["organizer"] = organization.pk

    DRAFT_OPTIONAL_DATES = ("start", "end")

    def defer_required_fields(self):
        """A draft of an event that exists (an autosave while the organizer retypes the
        dates) may have empty dates; a new event needs them, as its row is written."""
        super().defer_required_fields()
        if self.instance.pk:
            for name in self.DRAFT_OPTIONAL_DATES:
                if name in self.fields and self.fields[name].required:
                    self.fields[name].required = False
                    self.deferred_required_fields.append(name)

    def save(self, commit=True):
        # Empty dates stay empty in the draft revision; the row keeps the dates it has
        # (its columns cannot be empty), written back after the row is saved.
        empty = [n for n in self.DRAFT_OPTIONAL_DATES if self.instance.pk and getattr(self.instance, n) is None]
        if not empty:
            return super().save(commit=commit)
        stored = type(self.instance).objects.filter(pk=self.instance.pk).values(*empty).get()
        for name in empty:
            setattr(self.instance, name, stored[name])
        try:
            return super().save(commit=commit)
        finally:
            for name in empty:
                setattr(self.instance, name, None)

    def _post_clean(self):
        # A draft (an autosave, 保存草稿) may be unfinished: the event's completeness
        # (address or online link) is checked when it is published or submitted.
        self.instance.is_draft_save = self.is_deferred_validation
        try:
            super()._post_clean()
        finally:
            self.instance.is_draft_save = False


class DeniedPagePermissionTester(PagePermissionTester):
    """What an organizer may do with another organization's event: nothing."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.permissions = set()


class EventIndexPage(PinyinSlugPageMixin, ScopedPageMixin, EventIndexRoutesMixin, Page):
    """Lists upcoming events (list and month views), past events with their reach, campaigns, feeds."""

    # the upcoming list and the month view show no figures; the past and campaign routes
    # declare "reach" themselves (routes.py). Venues are directory entries.
    cache_depends_on = ("events", "directory")

    intro = RichTextField(_("导语"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [
        APIField("intro", serializer=api_fields.RichTextHTMLField()),
        APIField("share_title", serializer=api_fields.ShareTitleField()),
        APIField("share_summary", serializer=api_fields.ShareSummaryField()),
    ]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = _("活动列表页")
        verbose_name_plural = _("活动列表页")


class EventPage(
    PinyinSlugPageMixin, CountedPageMixin, ScopedPageMixin, QuickChoiceDisplayMixin, RoutablePageMixin, Page
):
    cache_depends_on = ("events", "directory")
    counted_kind = "event"  # page views per day (content/readership)
    kind = models.CharField(_("活动形式"), max_length=20, choices=EventKind.choices, default=EventKind.LECTURE)
    campaign = models.ForeignKey(
        "events.Campaign",
        verbose_name=_("所属宣传活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    audiences = ParentalManyToManyField(
        "reference.Audience", verbose_name=_("面向人群"), blank=True, related_name="event_pages"
    )
    organizer = models.ForeignKey(
        "reference.Organization", verbose_name=_("主办机构"), on_delete=models.PROTECT, related_name="event_pages"
    )
    area = models.ForeignKey(
        "reference.AdminArea", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    venue = models.ForeignKey(
        "directory.ServicePoint",
        verbose_name=_("场地（服务目录）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    address = models.CharField(
        _("地址"), max_length=255, blank=True, help_text=_("不在服务目录中的场地，请填写详细地址；线上活动可留空")
    )
    start = models.DateTimeField(_("开始时间"), db_index=True, help_text=_("北京时间"))
    end = models.DateTimeField(_("结束时间"), help_text=_("北京时间"))
    online_url = models.URLField(_("线上观看链接"), blank=True)
    capacity = models.PositiveIntegerField(_("容纳人数"), null=True, blank=True)
    registration_url = models.URLField(_("报名链接"), blank=True, help_text=_("留空表示无需报名"))
    summary = models.TextField(_("简介"), max_length=300, blank=True)
    # A copy of Page.live on this table, kept by save(): the reports filter on it inside
    # their covering index instead of joining wagtailcore_page (4× faster at 100,000 events).
    is_live = models.BooleanField(default=False, editable=False)
    # The figures of the event's attendance report (zero without one), copied here so the
    # reports sum one table inside its covering indexes instead of joining the reports.
    # AttendanceReport.save() and its delete (any path, signal) rewrite them; save() below
    # re-reads them, so a copied page or a published revision never carries stale figures.
    report_count = models.PositiveSmallIntegerField(default=0, editable=False)
    report_attendees = models.PositiveIntegerField(default=0, editable=False)
    report_online_views = models.PositiveIntegerField(default=0, editable=False)
    report_reach = models.PositiveIntegerField(default=0, editable=False)
    report_materials = models.PositiveIntegerField(default=0, editable=False)
    report_volunteers = models.PositiveIntegerField(default=0, editable=False)
    body = RichTextField(_("详细介绍"), blank=True, features=["h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("campaign")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("organizer"),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                HelpPanel(content=_("选择服务目录中的场地，或填写地址；线上活动填写观看链接。")),
                FieldPanel("venue"),
                FieldPanel("area"),
                FieldPanel("address"),
                FieldPanel("online_url"),
            ],
            heading=_("地点"),
        ),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_url")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    promote_panels = [PageViewsPanel("event"), *Page.promote_panels]
    api_fields = [
        APIField("kind", serializer=api_fields.ChoiceField(EventKind.choices)),
        APIField("campaign", serializer=api_fields.CampaignField()),
        APIField("start", serializer=api_fields.LocalDateTimeField()),
        APIField("end", serializer=api_fields.LocalDateTimeField()),
        APIField("status", serializer=api_fields.EventStatusField()),
        APIField("area", serializer=api_fields.AreaPathField()),
        APIField("venue", serializer=api_fields.VenueField()),
        APIField("address"),
        APIField("coordinates", serializer=api_fields.CoordinatesField(source="venue")),
        APIField("audiences", serializer=api_fields.AudiencesField()),
        APIField("organizer", serializer=api_fields.OrganizationField()),
        APIField("online_url"),
        APIField("capacity"),
        APIField("registration_url"),
        APIField("summary"),
        APIField("body_html", serializer=api_fields.RichTextHTMLField(source="body")),
        APIField("reach", serializer=api_fields.ReachField()),
        APIField("share_title", serializer=api_fields.ShareTitleField()),
        APIField("share_summary", serializer=api_fields.ShareSummaryField()),
    ]
    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    template = "events/event_page.html"
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("start"),
        index.FilterField("organizer"),
    ]

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        # Held by 管理员, 编辑 and 审核专家 (content.home.roles): without it a user sees only
        # their own organization's events in the admin (content.events.scoping).
        permissions = [("view_all_events", _("可查看所有机构的活动"))]
        indexes = [
            # Covers the reports and the past-events total: a date range read from the index
            # alone, grouped by any dimension, summing the copied report figures.
            models.Index(
                fields=["start", "is_live", "end", "kind", "organizer", "area", "campaign", *REPORT_FIGURE_FIELDS],
                name="events_report_cover",
            ),
            # The same in organizer order: a scoped organizer's reports, and by organizer
            # without a sort — SQLite has no hash aggregate and sorts every row for GROUP BY
            # otherwise; with an index in group order it reads it group by group (3× faster).
            models.Index(
                fields=["organizer", "start", "is_live", "kind", "area", "campaign", *REPORT_FIGURE_FIELDS],
                name="events_organizer_cover",
            ),
            models.Index(fields=["kind", "start", "is_live", *REPORT_FIGURE_FIELDS], name="events_kind_cover"),
            models.Index(fields=["campaign", "start", "is_live", *REPORT_FIGURE_FIELDS], name="events_campaign_cover"),
        ]

    def save(self, *args, **kwargs):
        from django.core.cache import cache

        cache.delete("events:area-choices")  # the public area filter lists areas with live events
        self.is_live = bool(self.live)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "live" in update_fields and "is_live" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "is_live"]
        if update_fields is None or set(update_fields) & set(REPORT_FIGURE_FIELDS):
            # The instance may come from a revision or a copy: the report is the truth.
            self.copy_report_figures()
        return super().save(*args, **kwargs)

    def copy_report_figures(self) -> None:
        """Set the report_* fields from this event's attendance report (zeros without one)."""
        from .attendance import AttendanceReport

        row = AttendanceReport.objects.filter(event_id=self.pk).values(*REPORT_FIGURES).first() if self.pk else None
        for name, value in report_figure_values(row).items():
            setattr(self, name, value)

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("结束时间必须晚于开始时间。")})
        if getattr(self, "is_draft_save", False):
            return
        if self.kind == EventKind.ONLINE and not self.online_url:
            raise ValidationError({"online_url": _("线上直播需要填写观看链接。")})
        if self.kind != EventKind.ONLINE and not (self.address or self.venue_id):
            raise ValidationError({"address": _("请选择服务目录中的场地或填写地址。")})

    # --- scoping ---------------------------------------------------------------
    def permissions_for_user(self, user):
        if not scoping.can_see_page(user, self):
            return DeniedPagePermissionTester(user, self)
        return super().permissions_for_user(user)

    # --- display ---------------------------------------------------------------
    @property
    def local_start(self):
        return timezone.localtime(self.start, SHANGHAI)

    @property
    def local_end(self):
        return timezone.localtime(self.end, SHANGHAI)

    @property
    def is_online(self) -> bool:
        return self.kind == EventKind.ONLINE

    @property
    def has_started(self) -> bool:
        return self.start is not None and self.start <= timezone.now()

    @property
    def place_text(self) -> str:
        if self.venue_id:
            venue = self.venue
            return "，".join(part for part in (venue.name, venue.address or self.address) if part)
        return self.address

    def get_reach(self):
        report = getattr(self, "attendance", None) if self.pk else None
        return report.reach if report is not None else None

    def json_ld(self, request=None) -> dict:
        from content.reference.public_urls import public_page_url

        url = public_page_url(self, request)
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "startDate": self.local_start.isoformat(),
            "endDate": self.local_end.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/" + SCHEMA_ORG_MODE.get(self.kind, "OfflineEventAttendanceMode"),
            "organizer": {"@type": "Organization", "name": self.organizer.name},
            "isAccessibleForFree": True,
        }
        if url:
            data["url"] = url
        if self.summary:
            data["description"] = self.summary
        if self.is_online:
            data["location"] = {"@type": "VirtualLocation", "url": self.online_url}
        else:
            data["location"] = {
                "@type": "Place",
                "name": self.place_text or self.area.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": self.place_text,
                    "addressRegion": self.area.name,
                    "addressCountry": "CN",
                },
            }
        if self.capacity:
            data["maximumAttendeeCapacity"] = self.capacity
        if self.registration_url:
            data["offers"] = {"@type": "Offer", "url": self.registration_url, "price": 0, "priceCurrency": "CNY"}
        return data

    def json_ld_script(self, request=None) -> str:
        text = json.dumps(self.json_ld(request), ensure_ascii=False)
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return mark_safe(f'<script type="application/ld+json">{text}</script>')

    def serve(self, request, *args, **kwargs):
        # "已服务 N 人次" appears once the event has a report; reports come after the start.
        # Before then the copy expires at the start, so a report never meets a stale page.
        if self.report_count or self.start <= timezone.now():
            page_cache.depends_on(request, "reach")
        else:
            page_cache.cache_until(request, self.start)
        return super().serve(request, *args, **kwargs)

    # --- routes: the page itself and its printable A4 sheet -------------------------
    def route(self, request, path_components):
        # A private event (a view restriction here or above) has no print page: 404
        # before Wagtail's login or password form, which serves only the page itself.
        if path_components and self.get_view_restrictions().exists():
            raise Http404
        return super().route(request, path_components)

    @path("dayin/", name="print")
    def print_sheet(self, request):
        """``<event>/dayin/``: the A4 page organizers put up and hand out, with a QR code
        of the event's public page (issue 17 point 9)."""
        context = self.get_context(request)
        context["public_path"] = self.url
        return TemplateResponse(request, "events/event_print.html", context)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = self.json_ld_script(request)
        context["reach"] = self.get_reach()
        context["index_page"] = self.get_parent().specific
        return context
