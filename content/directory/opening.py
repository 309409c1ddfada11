"""Opening hours and "open now", always in Asia/Shanghai.

An interval (weekday, opens, closes) with ``closes <= opens`` runs past midnight into
the next day; ``closes == 00:00`` therefore means "until midnight". Open-now is
computed at display time (never stored or indexed: it changes with the clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import REMOTE_KINDS, OpeningHours, ServiceStatus, Weekday

SHANGHAI = ZoneInfo("Asia/Shanghai")
MIDNIGHT = time(0, 0)


def local_now(now: datetime | None = None) -> datetime:
    return (now or timezone.now()).astimezone(SHANGHAI)


def _intervals_for(hours, day: int):
    return [h for h in hours if h.weekday == day]


def is_open_at(is_24_7: bool, hours, now: datetime | None = None) -> bool:
    """Whether a service with these hours rows is open at ``now`` (aware or None)."""
    if is_24_7:
        return True
    moment = local_now(now)
    today, clock = moment.weekday(), moment.time().replace(tzinfo=None)
    yesterday = (today - 1) % 7
    for h in hours:
        overnight = h.closes <= h.opens
        if h.weekday == today:
            if overnight and clock >= h.opens:
                return True
            if not overnight and h.opens <= clock < h.closes:
                return True
        if h.weekday == yesterday and overnight and clock < h.closes:
            return True
    return False


@dataclass
class OpeningState:
    is_open: bool
    label: str
    is_24_7: bool = False
    closed_for_now: bool = False  # temporarily closed service
    #: False when there is no weekly schedule: then nothing says "open" or "closed".
    known: bool = True
    #: When closed with a schedule: the next opening ("星期四 09:00 开放").
    next_opening: str = ""
    #: The label is the entry's hours note (do not print the note twice).
    label_is_note: bool = False


def unknown_hours_label() -> str:
    return _("开放时间以电话咨询为准")


def opening_state(service, now: datetime | None = None) -> OpeningState:
    """What the page says about opening: 暂停服务 / 24小时开放 / 正在开放 / 现在未开放, and
    for an entry without a weekly schedule never open or closed: a hotline or online
    service says its hours note, anything else 开放时间以电话咨询为准."""
    if service.status == ServiceStatus.TEMPORARILY_CLOSED:
        return OpeningState(False, _("暂停服务"), closed_for_now=True)
    if service.is_24_7:
        return OpeningState(True, _("24小时开放"), is_24_7=True)
    hours = list(service.hours.all())
    if not hours:
        if service.kind in REMOTE_KINDS and service.hours_note:
            return OpeningState(False, service.hours_note, known=False, label_is_note=True)
        return OpeningState(False, unknown_hours_label(), known=False)
    if is_open_at(False, hours, now):
        return OpeningState(True, _("正在开放"))
    return OpeningState(False, _("现在未开放"), next_opening=next_opening_label(hours, now))


def next_opening_label(hours, now: datetime | None = None) -> str:
    """ "星期四 09:00 开放": the weekday, not "明天", so a cached copy stays true until
    the state changes (the page expires at ``next_change``)."""
    moment = local_now(now).replace(second=0, microsecond=0)
    week_start = (moment - timedelta(days=moment.weekday())).replace(hour=0, minute=0)
    soonest = None
    for h in hours:
        when = week_start + timedelta(days=h.weekday, hours=h.opens.hour, minutes=h.opens.minute)
        while when <= moment:
            when += timedelta(days=7)
        if soonest is None or when < soonest:
            soonest = when
    if soonest is None:
        return ""
    return _("%(day)s %(time)s 开放") % {"day": Weekday(soonest.weekday()).label, "time": f"{soonest:%H:%M}"}


def has_unknown_hours(*, kind: str, is_24_7: bool, has_schedule: bool, hours_note: str) -> bool:
    """A hotline or online service that says nothing about when it answers: the admin and
    the imports warn about it (readers would only see 开放时间以电话咨询为准)."""
    return kind in REMOTE_KINDS and not is_24_7 and not has_schedule and not (hours_note or "").strip()


def missing_hours_message() -> str:
    return _("热线或线上服务没有填写开放时间：请勾选“全天24小时”、填写每周开放时间，或在“时间说明”里写明服务时间。")


def next_change(service, now: datetime | None = None) -> datetime | None:
    """When ``opening_state(service)`` may next say something else (an opening or closing
    time), or None if it depends on no clock (24/7, paused, hours unknown). Cached pages
    that show the state expire then."""
    if service.status == ServiceStatus.TEMPORARILY_CLOSED or service.is_24_7:
        return None
    moment = local_now(now).replace(second=0, microsecond=0)
    week_start = (moment - timedelta(days=moment.weekday())).replace(hour=0, minute=0)
    soonest = None
    for h in service.hours.all():
        closes_day = h.weekday + (1 if h.closes <= h.opens and h.closes != MIDNIGHT else 0)
        closes_day += 1 if h.closes == MIDNIGHT else 0
        for day, clock in ((h.weekday, h.opens), (closes_day, h.closes)):
            when = week_start + timedelta(days=day, hours=clock.hour, minutes=clock.minute)
            while when <= moment:
                when += timedelta(days=7)
            if soonest is None or when < soonest:
                soonest = when
    return soonest


def weekly_table(service) -> list[dict]:
    """Seven rows, Monday first: {"day": label, "intervals": ["09:00–17:00", …]}; no rows
    at all without a weekly schedule (never a week of 休息 for unknown hours)."""
    hours = list(service.hours.all())
    if not hours:
        return []
    rows = []
    for day in Weekday:
        intervals = []
        for h in sorted(_intervals_for(hours, day.value), key=lambda h: h.opens):
            closes = "24:00" if h.closes == MIDNIGHT else h.closes.strftime("%H:%M")
            suffix = _("（次日）") if h.closes <= h.opens and h.closes != MIDNIGHT else ""
            intervals.append(f"{h.opens:%H:%M}–{closes}{suffix}")
        rows.append({"day": day.label, "intervals": intervals, "weekday": day.value})
    return rows


def open_now_q(now: datetime | None = None) -> Q:
    """A filter for ServicePoint querysets: open at ``now`` (and not temporarily closed)."""
    moment = local_now(now)
    today, clock = moment.weekday(), moment.time().replace(tzinfo=None, microsecond=0)
    yesterday = (today - 1) % 7
    same_day = Q(weekday=today) & (
        (Q(opens__lte=clock) & Q(closes__gt=clock)) | (Q(closes__lte=F("opens")) & Q(opens__lte=clock))
    )
    from_yesterday = Q(weekday=yesterday) & Q(closes__lte=F("opens")) & Q(closes__gt=clock)
    open_rows = OpeningHours.objects.filter(service_point=OuterRef("pk")).filter(same_day | from_yesterday)
    return Q(status=ServiceStatus.ACTIVE) & (Q(is_24_7=True) | Q(Exists(open_rows)))
