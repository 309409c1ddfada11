"""Event queries other apps may call (home, audience landing pages) and the public filters."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.reference.models import LEVEL_DIGITS, AdminArea, Audience, level_of

from .models import SHANGHAI, Campaign, EventKind, EventPage


def live_events():
    """Live, public EventPages with what listings show, in one query."""
    # is_live: the copy of Page.live on the events table (no join to wagtailcore_page).
    return (
        EventPage.objects.filter(is_live=True)
        .public()
        .select_related("organizer", "area", "campaign", "attendance")
        .order_by("start", "pk")
    )


def area_prefix(code: str) -> str:
    """The significant prefix of a 2–12 digit area code ("310114000000" → "310114")."""
    code = (code or "").strip()
    if not code.isdigit() or len(code) not in LEVEL_DIGITS.values():
        raise ValueError(code)
    code = code.ljust(12, "0")
    return code[: LEVEL_DIGITS[level_of(code)]]


def upcoming_events(audience=None, area_code=None, limit=5):
    """The next ``limit`` live events (ongoing included), soonest first.

    ``audience`` is an Audience or its slug; ``area_code`` a statistical code (any
    level, 2–12 digits): events in that area or any area under it.
    """
    queryset = live_events().filter(end__gte=timezone.now())
    if audience is not None:
        slug = audience.slug if isinstance(audience, Audience) else str(audience)
        queryset = queryset.filter(audiences__slug=slug)
    if area_code:
        try:
            queryset = queryset.filter(area__code__startswith=area_prefix(str(area_code)))
        except ValueError:
            return []
    return list(queryset.prefetch_related("audiences")[:limit])


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Aware datetimes for [first 00:00, last+1 00:00) in Asia/Shanghai."""
    start = datetime.combine(first, time.min, tzinfo=SHANGHAI)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=SHANGHAI)
    return start, end


AREA_CHOICES_CACHE_KEY = "events:area-choices"


def area_choices(queryset=None) -> list[tuple[str, str]]:
    """Counties and townships that hold at least one live event.

    Two DISTINCT queries over every live event: cached for ten minutes (a new township
    showing up in the filter a few minutes late is harmless).
    """
    cached = cache.get(AREA_CHOICES_CACHE_KEY)
    if cached is not None:
        return cached
    queryset = EventPage.objects.filter(is_live=True).order_by()
    codes = set()
    for digits in (LEVEL_DIGITS[3], LEVEL_DIGITS[4]):
        prefixes = queryset.annotate(p=Substr("area_id", 1, digits)).values_list("p", flat=True).distinct()
        codes.update(p.ljust(12, "0") for p in prefixes)
    areas = AdminArea.objects.filter(code__in=codes).order_by("code").values_list("code", "name", "level")
    choices = [(code, ("· " if level >= 4 else "") + name) for code, name, level in areas]
    cache.set(AREA_CHOICES_CACHE_KEY, choices, 600)
    return choices


class EventFilterForm(forms.Form):
    """The public filters: area, audience, kind, campaign. Bad values are ignored, never a 500."""

    area = forms.ChoiceField(label=_("地区"), required=False)
    audience = forms.ChoiceField(label=_("人群"), required=False)
    kind = forms.ChoiceField(label=_("活动形式"), required=False)
    campaign = forms.ChoiceField(label=_("宣传活动"), required=False)

    def __init__(self, data=None, *, base_queryset=None, **kwargs):
        super().__init__(data, **kwargs)
        everything = [("", _("全部"))]
        self.fields["area"].choices = everything + area_choices()
        self.fields["audience"].choices = everything + list(Audience.objects.values_list("slug", "name"))
        self.fields["kind"].choices = everything + list(EventKind.choices)
        self.fields["campaign"].choices = everything + [
            (c.slug, str(c)) for c in Campaign.objects.only("slug", "name", "year")
        ]

    def filter(self, queryset):
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("area"):
            queryset = queryset.filter(area__code__startswith=area_prefix(data["area"]))
        if data.get("audience"):
            queryset = queryset.filter(audiences__slug=data["audience"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("campaign"):
            queryset = queryset.filter(campaign__slug=data["campaign"])
        return queryset

    @property
    def active(self) -> bool:
        return any(getattr(self, "cleaned_data", {}).get(name) for name in self.fields)


def reach_totals(queryset) -> dict:
    """Events and people reached for an EventPage queryset, by one aggregate of the report
    figures copied onto each event (no join to the reports)."""
    totals = queryset.order_by().aggregate(
        events=Count("pk"),
        reported=Sum("report_count", default=0),
        reach=Sum("report_reach", default=0),
        attendees=Sum("report_attendees", default=0),
        online_views=Sum("report_online_views", default=0),
    )
    return totals


def events_in_area_filter(prefix: str) -> Q:
    return Q(area__code__startswith=prefix)
