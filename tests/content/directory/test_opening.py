"""Open-now at the boundaries, in Asia/Shanghai: midnight, 24/7, closed days, overnight."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from content.directory.models import OpeningHours, ServicePoint
from content.directory.opening import is_open_at, open_now_q, opening_state, weekly_table

SH = ZoneInfo("Asia/Shanghai")


def at(day: int, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    """A moment on weekday ``day`` (0 = Monday) of the week of 2025-10-06 (a Monday), Shanghai time."""
    return datetime(2025, 10, 6 + day, hh, mm, ss, tzinfo=SH)


def rows(*specs):
    return [OpeningHours(weekday=d, opens=time.fromisoformat(o), closes=time.fromisoformat(c)) for d, o, c in specs]


def test_open_inside_and_closed_at_closing_time():
    hours = rows((0, "09:00", "17:00"))
    assert not is_open_at(False, hours, at(0, 8, 59, 59))
    assert is_open_at(False, hours, at(0, 9, 0))
    assert is_open_at(False, hours, at(0, 16, 59, 59))
    assert not is_open_at(False, hours, at(0, 17, 0))


def test_closed_days_are_closed():
    hours = rows((0, "09:00", "17:00"))
    assert not is_open_at(False, hours, at(1, 10, 0))
    assert not is_open_at(False, hours, at(6, 10, 0))


def test_until_midnight_and_the_minute_after():
    hours = rows((4, "18:00", "00:00"))  # Friday 18:00–24:00
    assert is_open_at(False, hours, at(4, 23, 59, 59))
    assert not is_open_at(False, hours, at(5, 0, 0))  # Saturday 00:00
    assert not is_open_at(False, hours, at(4, 17, 59))


def test_overnight_interval_runs_into_next_day():
    hours = rows((6, "20:00", "02:00"))  # Sunday 20:00 → Monday 02:00
    assert is_open_at(False, hours, at(6, 23, 0))
    assert is_open_at(False, hours, at(7, 1, 59))  # Monday (wraps to next week's Monday)
    assert not is_open_at(False, hours, at(7, 2, 0))
    assert not is_open_at(False, hours, at(0, 1, 0) if False else at(1, 1, 0))  # Tuesday night: closed


def test_24_7_is_always_open():
    assert is_open_at(True, [], at(2, 0, 0))
    assert is_open_at(True, [], at(6, 23, 59, 59))


def test_utc_instants_are_read_in_shanghai_time():
    hours = rows((0, "09:00", "17:00"))
    utc = datetime(2025, 10, 6, 1, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 in Shanghai
    assert is_open_at(False, hours, utc)
    assert not is_open_at(False, hours, datetime(2025, 10, 6, 0, 59, tzinfo=ZoneInfo("UTC")))


def test_several_intervals_per_day():
    hours = rows((0, "09:00", "11:30"), (0, "13:30", "17:00"))
    assert is_open_at(False, hours, at(0, 10, 0))
    assert not is_open_at(False, hours, at(0, 12, 0))
    assert is_open_at(False, hours, at(0, 13, 30))


@pytest.mark.django_db
def test_database_filter_agrees_with_python(make_service):
    day = make_service("日间", hours=[(0, "09:00", "17:00")])
    night = make_service("夜间", hours=[(6, "20:00", "02:00")])
    always = make_service("全天", hours=[], is_24_7=True)
    closed = make_service("暂停", hours=[(0, "09:00", "17:00")], status="temporarily closed")
    for moment, expected in [
        (at(0, 10, 0), {day, always}),
        (at(0, 1, 0), {night, always}),
        (at(0, 17, 0), {always}),
        (at(6, 21, 0), {night, always}),
    ]:
        found = set(ServicePoint.objects.filter(open_now_q(moment)))
        assert found == expected, moment
        for sp in (day, night, always):
            assert is_open_at(sp.is_24_7, list(sp.hours.all()), moment) == (sp in expected)
    assert opening_state(closed, at(0, 10, 0)).label == "暂停服务"


@pytest.mark.django_db
def test_weekly_table_marks_midnight_and_overnight(make_service):
    sp = make_service(hours=[(4, "18:00", "00:00"), (6, "20:00", "02:00")])
    table = {row["weekday"]: row["intervals"] for row in weekly_table(sp)}
    assert table[4] == ["18:00–24:00"]
    assert table[6] == ["20:00–02:00（次日）"]
    assert table[0] == []
