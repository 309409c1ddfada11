"""Issue #17 point 7: the month view is a calendar (7 columns on wide screens, an agenda
of the days with events on phones) with today marked; "已服务 N 人次" only when a
report counted someone; "添加到日历" rather than iCalendar jargon."""

import datetime
import re

import pytest
from django.utils import timezone

from content.events.models import SHANGHAI
from tests.content.events.conftest import local, make_event, make_report

pytestmark = pytest.mark.django_db


def cells(html: str) -> list[str]:
    return re.findall(r'<li class="calendar__day[^"]*"[^>]*>.*?</li><!-- day -->', html, re.S)


def test_month_grid_has_every_day_in_weeks_of_seven(client, event_index, org_a, village):
    make_event(event_index, org_a, village, title="十月讲座", start=local(2030, 10, 15, 14))
    html = client.get(f"{event_index.url}month/2030-10/").content.decode()
    assert html.count('class="calendar__weekday"') == 7
    days = cells(html)
    # October 2030 starts on a Tuesday and ends on a Thursday: 5 weeks of 7 cells.
    assert len(days) == 35
    in_month = [day for day in days if "calendar__day--outside" not in day]
    assert len(in_month) == 31
    [fifteenth] = [day for day in days if 'datetime="2030-10-15"' in day]
    assert "十月讲座" in fifteenth and "14:00" in fifteenth
    assert "calendar__day--has-events" in fifteenth
    assert not any("十月讲座" in day for day in days if 'datetime="2030-10-15"' not in day)
    assert 'aria-current="date"' not in html  # not this month: no today


def test_today_is_marked_and_the_copy_expires_at_midnight(client, event_index, org_a, village):
    today = timezone.localdate()
    response = client.get(f"{event_index.url}month/{today:%Y-%m}/")
    html = response.content.decode()
    [marked] = [day for day in cells(html) if 'aria-current="date"' in day]
    assert f'datetime="{today:%Y-%m-%d}"' in marked and "今天" in marked
    midnight = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min, tzinfo=SHANGHAI)
    assert response.wsgi_request._anxin_cache_until == midnight


def test_past_event_without_report_shows_no_reach(client, event_index, org_a, village):
    event = make_event(event_index, org_a, village, start=timezone.now() - datetime.timedelta(days=3))
    html = client.get(event.url).content.decode()
    assert "已服务" not in html and "服务人次" not in html


def test_report_that_counted_nobody_shows_what_it_did_count(client, event_index, org_a, village):
    event = make_event(event_index, org_a, village, start=timezone.now() - datetime.timedelta(days=3))
    make_report(event, attendees=0, online_views=0, materials=800)
    event_html = client.get(event.url).content.decode()
    past_html = client.get(f"{event_index.url}past/").content.decode()
    for html in (event_html, past_html):
        assert "已服务 0 人次" not in html
        assert "发放资料 800 份" in html


def test_report_with_people_shows_reach(client, event_index, org_a, village):
    event = make_event(event_index, org_a, village, start=timezone.now() - datetime.timedelta(days=3))
    make_report(event, attendees=120, online_views=30)
    assert "已服务 150 人次" in client.get(event.url).content.decode()


def test_calendar_links_speak_plainly(client, event_index, org_a, village):
    event = make_event(event_index, org_a, village)
    for url in (event.url, event_index.url, f"{event_index.url}month/{timezone.localdate():%Y-%m}/"):
        html = client.get(url).content.decode()
        visible = re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1])
        assert "iCalendar" not in visible and ".ics" not in visible, url
        assert "添加到日历" in visible, url
