"""Public iCalendar feeds: all events, per campaign, per area; one .ics per event."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from content.reference.models import AdminArea

from .ical import build_calendar
from .models import Campaign
from .queries import area_prefix, live_events

FEED_PAST_DAYS = 90
FEED_LIMIT = 500


def _response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def _feed_events(queryset):
    """Upcoming events and those of the last 90 days, soonest first, capped."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return queryset.filter(end__gte=since)[:FEED_LIMIT]


@require_GET
def feed_all(request):
    body = build_calendar(_feed_events(live_events()), _("安心 · 心理健康活动"), request)
    return _response(body, "events.ics")


@require_GET
def feed_campaign(request, slug):
    campaign = get_object_or_404(Campaign, slug=slug)
    # A campaign is finite: its whole programme, not only the recent part.
    events = live_events().filter(campaign=campaign)[:FEED_LIMIT]
    return _response(build_calendar(events, str(campaign), request), f"campaign-{campaign.slug}.ics")


@require_GET
def feed_area(request, code):
    try:
        prefix = area_prefix(code)
    except ValueError:
        raise Http404(_("区划代码无效"))
    area = get_object_or_404(AdminArea, code=prefix.ljust(12, "0"))
    events = _feed_events(live_events().filter(area__code__startswith=prefix))
    return _response(
        build_calendar(events, _("%(area)s心理健康活动") % {"area": area.name}, request), f"area-{code}.ics"
    )


@require_GET
def event_ics(request, pk):
    page = get_object_or_404(live_events(), pk=pk)
    return _response(build_calendar([page], page.title, request), f"event-{page.pk}.ics")
