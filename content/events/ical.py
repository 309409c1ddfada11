"""iCalendar (RFC 5545) output for events: local Asia/Shanghai times with a VTIMEZONE."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event, vText

from content.reference.public_urls import public_page_url

from .models import SHANGHAI, EventPage

PRODID = "-//Anxin 安心//Events//ZH"


def _event_component(page: EventPage, request=None) -> Event:
    event = Event()
    host = request.get_host().split(":")[0] if request is not None else "anxin"
    event.add("uid", f"event-{page.pk}@{host}")
    event.add("dtstamp", (page.last_published_at or timezone.now()).astimezone(SHANGHAI))
    event.add("dtstart", timezone.localtime(page.start, SHANGHAI))
    event.add("dtend", timezone.localtime(page.end, SHANGHAI))
    event.add("summary", page.title)
    url = public_page_url(page, request)
    description = "\n".join(part for part in (page.summary, str(page.organizer), url) if part)
    if description:
        event.add("description", description)
    location = page.online_url if page.is_online else (page.place_text or page.area.name)
    if location:
        event.add("location", vText(location))
    if url:
        event.add("url", url)
    event.add("categories", [page.get_kind_display()])
    if page.last_published_at:
        event.add("last-modified", page.last_published_at.astimezone(SHANGHAI))
    return event


def build_calendar(pages, name: str, request=None) -> bytes:
    """An iCalendar file for ``pages`` (an iterable of EventPage)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for page in pages:
        calendar.add_component(_event_component(page, request))
    calendar.add_missing_timezones()  # the VTIMEZONE for Asia/Shanghai
    return calendar.to_ical()
