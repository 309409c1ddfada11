"""Public event pages: upcoming list and month view with filters, past events with reach,
campaign page with totals, calendar links, JSON-LD; the queries other apps call."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from content.events.queries import upcoming_events
from tests.content.events.conftest import local, make_event, make_report


@pytest.fixture
def programme(event_index, org_a, org_b, village, jiading_town, campaign, elders, parents):
    now = timezone.now()
    soon_a = make_event(
        event_index, org_a, village, title="老年人睡眠讲座", start=now + datetime.timedelta(days=2), audiences=[elders]
    )
    soon_b = make_event(
        event_index,
        org_b,
        jiading_town,
        title="家长课堂",
        kind="training",
        start=now + datetime.timedelta(days=3),
        audiences=[parents],
        campaign=campaign,
    )
    draft = make_event(event_index, org_a, village, title="草稿活动", publish=False)
    past = make_event(
        event_index,
        org_a,
        village,
        title="健步走",
        kind="walk",
        start=now - datetime.timedelta(days=10),
        campaign=campaign,
    )
    make_report(past, attendees=120, online_views=30)
    return {"soon_a": soon_a, "soon_b": soon_b, "draft": draft, "past": past}


def titles(response):
    return [event.title for event in response.context["events"]]


def test_upcoming_list(client, programme, event_index):
    response = client.get(event_index.url)
    assert response.status_code == 200
    assert titles(response) == ["老年人睡眠讲座", "家长课堂"]
    html = response.content.decode()
    assert '<link rel="alternate" type="text/calendar"' in html
    assert "/calendar/events.ics" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("audience=elders", ["老年人睡眠讲座"]),
        ("kind=training", ["家长课堂"]),
        ("campaign=wmhd-2025", ["家长课堂"]),
        ("area=310114102000", ["老年人睡眠讲座"]),
        ("area=310114004000&kind=training", ["家长课堂"]),
        ("area=bogus&kind=nonsense", ["老年人睡眠讲座", "家长课堂"]),
    ],
)
def test_upcoming_filters(client, programme, event_index, query, expected):
    response = client.get(f"{event_index.url}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_area_filter_advertises_the_area_feed(client, programme, event_index):
    html = client.get(f"{event_index.url}?area=310114102000").content.decode()
    assert "/calendar/area/310114102000.ics" in html


def test_month_view(client, programme, event_index):
    start = programme["soon_a"].start.astimezone(datetime.UTC) + datetime.timedelta(hours=8)
    response = client.get(f"{event_index.url}month/{start:%Y-%m}/")
    assert response.status_code == 200
    assert "老年人睡眠讲座" in titles(response)
    assert "草稿活动" not in titles(response)
    assert client.get(f"{event_index.url}month/2025-13/").status_code == 404


def test_month_boundaries_are_beijing_days(client, event_index, org_a, village):
    # 2030-10-31 23:30 Beijing is 15:30 UTC on the 31st; 2030-11-01 00:30 Beijing is still 31 Oct in UTC.
    make_event(event_index, org_a, village, title="十月末", start=local(2030, 10, 31, 23, 30), hours=1)
    make_event(event_index, org_a, village, title="十一月初", start=local(2030, 11, 1, 0, 30), hours=1)
    assert titles(client.get(f"{event_index.url}month/2030-10/")) == ["十月末"]
    assert titles(client.get(f"{event_index.url}month/2030-11/")) == ["十一月初"]


def test_past_events_show_reach(client, programme, event_index):
    response = client.get(f"{event_index.url}past/")
    assert response.status_code == 200
    assert titles(response) == ["健步走"]
    html = response.content.decode()
    assert "已服务 150 人次" in html
    assert response.context["totals"]["reach"] == 150


def test_campaign_page_totals(client, programme, event_index):
    response = client.get(f"{event_index.url}campaign/wmhd-2025/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["健步走", "家长课堂"]
    totals = response.context["totals"]
    assert (totals["events"], totals["reach"]) == (2, 150)
    html = response.content.decode()
    assert "人人享有心理健康服务" in html
    assert "完成 50%" in html  # 2 of 4 events
    assert "/calendar/campaign/wmhd-2025.ics" in html
    assert client.get(f"{event_index.url}campaign/nope/").status_code == 404


def test_event_page_json_ld_and_times(client, event_index, org_a, village, elders):
    page = make_event(
        event_index,
        org_a,
        village,
        title="产后情绪讲座",
        start=local(2031, 3, 8, 9, 30),
        hours=2,
        capacity=40,
        summary="新手妈妈的情绪变化。",
        audiences=[elders],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2031年3月8日" in html and "09:30" in html and "11:30" in html
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2031-03-08T09:30:00+08:00"
    assert data["endDate"] == "2031-03-08T11:30:00+08:00"
    assert data["location"]["@type"] == "Place"
    assert data["organizer"]["name"] == org_a.name
    assert data["maximumAttendeeCapacity"] == 40
    assert f"/calendar/event/{page.pk}.ics" in html
    assert "无需报名" in html


def test_json_ld_cannot_break_out_of_its_script(client, event_index, org_a, village):
    page = make_event(event_index, org_a, village, title="</script><script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html


def test_upcoming_events_for_other_apps(programme, elders):
    assert [e.title for e in upcoming_events()] == ["老年人睡眠讲座", "家长课堂"]
    assert [e.title for e in upcoming_events(audience=elders)] == ["老年人睡眠讲座"]
    assert [e.title for e in upcoming_events(audience="parents")] == ["家长课堂"]
    assert [e.title for e in upcoming_events(area_code="310114004")] == ["家长课堂"]
    assert [e.title for e in upcoming_events(area_code="310114")] == ["老年人睡眠讲座", "家长课堂"]
    assert upcoming_events(area_code="not-a-code") == []
    assert len(upcoming_events(limit=1)) == 1
