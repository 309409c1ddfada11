"""Public routes of the events index page: upcoming list, month view, past events, campaigns."""

from __future__ import annotations

import calendar
from datetime import date

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from anxin.cache import pages as page_cache

PER_PAGE = 20
MONTH_PER_PAGE = 200
#: The month view's calendar: outside it, a 404 (and no link leads there). Python's
#: dates end at 9999 and at year 1 the Beijing-time bounds fall before them in UTC.
MONTH_MIN_YEAR = 1900
MONTH_MAX_YEAR = 2200


#: Column headings of the month grid (weeks start on Monday, as Chinese calendars do).
WEEKDAYS = (
    gettext_lazy("周一"),
    gettext_lazy("周二"),
    gettext_lazy("周三"),
    gettext_lazy("周四"),
    gettext_lazy("周五"),
    gettext_lazy("周六"),
    gettext_lazy("周日"),
)


def month_weeks(first: date, events, today: date) -> list[list[dict]]:
    """The month as weeks of seven days (Monday first), each day with its events in
    Beijing time; days of the neighbouring months fill the first and last week."""
    by_day: dict[date, list] = {}
    for event in events:
        by_day.setdefault(event.local_start.date(), []).append(event)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [
            {
                "date": day,
                "outside": day.month != first.month,
                "today": day == today,
                "events": by_day.get(day, []) if day.month == first.month else [],
            }
            for day in week
        ]
        for week in weeks
    ]


def _month_slug(day: date) -> str:
    """YYYY-MM with four digits (strftime's %Y drops the zeros of years before 1000)."""
    return f"{day.year:04d}-{day.month:02d}"


class EventIndexRoutesMixin(RoutablePageMixin):
    def _events(self):
        from ..queries import live_events

        events = live_events()
        # EventPages can only be created under an EventIndexPage (parent_page_types), so
        # with one index — the usual site — every event is this index's. The tree filter
        # joins wagtailcore_page and scans its paths on SQLite: at 100,000 events the
        # past-events count took 151 ms with it, 27 ms without. Several indexes (sites)
        # keep it.
        if type(self).objects.exclude(pk=self.pk).exists():
            events = events.descendant_of(self)
        return events

    def _render(self, request, template, **context):
        from .campaigns import Campaign

        feeds = [{"title": _("全部活动"), "url": reverse("events:feed_all")}]
        campaign = context.get("campaign")
        if isinstance(campaign, Campaign):
            feeds.append(
                {"title": str(campaign), "url": reverse("events:feed_campaign", kwargs={"slug": campaign.slug})}
            )
        area = context.get("filter_area")
        if area:
            feeds.append({"title": _("本地区活动"), "url": reverse("events:feed_area", kwargs={"code": area})})
        today = timezone.localdate()
        base = {
            "page": self,
            "self": self,
            "calendar_feeds": feeds,
            "view_name": context.pop("view_name", ""),
            "this_month_url": self.reverse_subpage("month", args=[_month_slug(today)]),
        }
        base.update(context)
        return TemplateResponse(request, template, self.get_context(request) | base)

    def _filtered(self, request, queryset):
        from ..queries import EventFilterForm

        form = EventFilterForm(request.GET or None, base_queryset=queryset)
        return form, form.filter(queryset)

    def _page(self, request, queryset, per_page=PER_PAGE):
        paginator = Paginator(queryset, per_page)
        return paginator.get_page(request.GET.get("page"))

    @staticmethod
    def _query_without_page(request) -> str:
        query = request.GET.copy()
        query.pop("page", None)
        return query.urlencode()

    @path("", name="upcoming")
    def upcoming(self, request):
        upcoming = self._events().filter(end__gte=timezone.now())
        form, events = self._filtered(request, upcoming)
        page_obj = self._page(request, events.prefetch_related("audiences"))
        return self._render(
            request,
            "events/event_index_page.html",
            view_name="upcoming",
            form=form,
            page_obj=page_obj,
            events=page_obj.object_list,
            query=self._query_without_page(request),
            filter_area=form.cleaned_data.get("area") if form.is_bound and form.is_valid() else "",
        )

    @re_path(r"^month/(\d{4}-\d{2})/$", name="month")
    def month(self, request, month):
        from ..queries import local_day_bounds

        try:
            year, number = (int(part) for part in month.split("-"))
            first = date(year, number, 1)
        except ValueError:
            raise Http404(_("月份格式应为 YYYY-MM"))
        if not (MONTH_MIN_YEAR <= year <= MONTH_MAX_YEAR):
            raise Http404(_("只能查看 %(min)s 年到 %(max)s 年的月份") % {"min": MONTH_MIN_YEAR, "max": MONTH_MAX_YEAR})
        last = date(year, number, calendar.monthrange(year, number)[1])
        start, end = local_day_bounds(first, last)
        in_month = self._events().filter(start__gte=start, start__lt=end)
        form, events = self._filtered(request, in_month)
        page_obj = self._page(request, events, per_page=MONTH_PER_PAGE)
        previous = date(year - 1, 12, 1) if number == 1 else date(year, number - 1, 1)
        if number == 12:
            following = date(year + 1, 1, 1) if year < MONTH_MAX_YEAR else None
        else:
            following = date(year, number + 1, 1)
        if previous.year < MONTH_MIN_YEAR:
            previous = None
        query = self._query_without_page(request)
        suffix = f"?{query}" if query else ""
        today = timezone.localdate()
        if first <= today <= last:
            # today is marked: this copy must not outlive the day
            page_cache.cache_until(request, local_day_bounds(today, today)[1])
        return self._render(
            request,
            "events/event_month.html",
            weeks=month_weeks(first, page_obj.object_list, today),
            weekdays=WEEKDAYS,
            view_name="month",
            form=form,
            page_obj=page_obj,
            events=page_obj.object_list,
            month=first,
            query=query,
            filter_area=form.cleaned_data.get("area") if form.is_bound and form.is_valid() else "",
            previous_url=self.reverse_subpage("month", args=[_month_slug(previous)]) + suffix if previous else "",
            next_url=self.reverse_subpage("month", args=[_month_slug(following)]) + suffix if following else "",
        )

    @path("past/", name="past")
    def past(self, request):
        from ..queries import reach_totals

        page_cache.depends_on(request, "reach")
        past = self._events().filter(end__lt=timezone.now())
        form, events = self._filtered(request, past)
        totals = reach_totals(events)
        page_obj = self._page(request, events.order_by("-start", "-pk"))
        return self._render(
            request,
            "events/event_past.html",
            view_name="past",
            form=form,
            page_obj=page_obj,
            events=page_obj.object_list,
            totals=totals,
            query=self._query_without_page(request),
            filter_area=form.cleaned_data.get("area") if form.is_bound and form.is_valid() else "",
        )

    @path("campaign/<slug:slug>/", name="campaign")
    def campaign(self, request, slug):
        from ..queries import reach_totals
        from .campaigns import Campaign

        page_cache.depends_on(request, "reach")  # totals and progress against targets
        campaign = get_object_or_404(Campaign, slug=slug)
        events = self._events().filter(campaign=campaign)
        totals = reach_totals(events)
        page_obj = self._page(request, events)
        return self._render(
            request,
            "events/event_campaign.html",
            view_name="campaign",
            campaign=campaign,
            totals=totals,
            page_obj=page_obj,
            events=page_obj.object_list,
            query="",
            events_percent=_percent(totals["events"], campaign.target_events),
            reach_percent=_percent(totals["reach"], campaign.target_reach),
        )


def _percent(value, target):
    if not target:
        return None
    return round(100 * (value or 0) / target)
