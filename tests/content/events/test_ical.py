"""iCalendar feeds: parse with the icalendar package, local times in Asia/Shanghai."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.content.events.conftest import local, make_event

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def events(event_index, org_a, org_b, village, jiading_town, campaign):
    in_campaign = make_event(
        event_index, org_a, village, title="世界精神卫生日咨询", start=local(2031, 10, 10, 9, 0), campaign=campaign
    )
    elsewhere = make_event(event_index, org_b, jiading_town, title="职场减压", start=local(2031, 10, 12, 19, 30))
    return in_campaign, elsewhere


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_feed_all_is_valid_with_a_vtimezone(client, events):
    calendar = parse(client.get("/calendar/events.ics"))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    found = vevents(calendar)
    assert set(found) == {"世界精神卫生日咨询", "职场减压"}
    start = found["世界精神卫生日咨询"].decoded("DTSTART")
    assert start == datetime.datetime(2031, 10, 10, 9, 0, tzinfo=SHANGHAI)
    assert start.astimezone(datetime.UTC).hour == 1
    assert found["世界精神卫生日咨询"]["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert found["职场减压"].decoded("DTEND") == datetime.datetime(2031, 10, 12, 21, 30, tzinfo=SHANGHAI)
    for event in found.values():
        assert event["UID"] and event["DTSTAMP"]


def test_feed_per_campaign_and_area(client, events):
    assert set(vevents(parse(client.get("/calendar/campaign/wmhd-2025.ics")))) == {"世界精神卫生日咨询"}
    assert set(vevents(parse(client.get("/calendar/area/310114004000.ics")))) == {"职场减压"}
    assert set(vevents(parse(client.get("/calendar/area/310114.ics")))) == {"世界精神卫生日咨询", "职场减压"}
    assert client.get("/calendar/area/12x.ics").status_code == 404
    assert client.get("/calendar/campaign/none.ics").status_code == 404


def test_single_event_ics(client, events):
    page = events[1]
    found = vevents(parse(client.get(f"/calendar/event/{page.pk}.ics")))
    assert list(found) == ["职场减压"]
    assert str(found["职场减压"]["URL"]).endswith(page.url)


def test_draft_events_are_not_in_feeds(client, event_index, org_a, village):
    draft = make_event(event_index, org_a, village, title="未发布", publish=False)
    assert "未发布" not in vevents(parse(client.get("/calendar/events.ics")))
    assert client.get(f"/calendar/event/{draft.pk}.ics").status_code == 404
