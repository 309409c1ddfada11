"""What an attendance report re-renders: the past event's page, the past list and the
campaign pages ("已服务 N 人次"); not upcoming events, the upcoming list or the month view."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from .conftest import make_event, make_report


@pytest.fixture
def page_cache_on(settings):
    settings.ANXIN_PAGE_CACHE_SECONDS = 300
    settings.ANXIN_PAGE_CACHE_STALE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def test_a_report_re_renders_only_the_pages_that_show_reach(
    client, page_cache_on, event_index, org_a, village, django_capture_on_commit_callbacks
):
    past = make_event(event_index, org_a, village, start=timezone.now() - datetime.timedelta(days=3))
    upcoming = make_event(event_index, org_a, village)
    past_list = event_index.url + "past/"
    pages = [past.url, upcoming.url, event_index.url, past_list]
    for url in pages:
        assert client.get(url)["X-Anxin-Cache"] == "miss"
        assert client.get(url)["X-Anxin-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        make_report(past, attendees=40, online_views=10)
    states = {url: client.get(url)["X-Anxin-Cache"] for url in pages}
    assert states == {past.url: "miss", upcoming.url: "hit", event_index.url: "hit", past_list: "miss"}
    assert "已服务 50 人次" in client.get(past.url).content.decode()


def test_an_upcoming_event_page_expires_when_the_event_starts(client, page_cache_on, event_index, org_a, village):
    soon = make_event(event_index, org_a, village, start=timezone.now() + datetime.timedelta(seconds=3))
    assert client.get(soon.url)["X-Anxin-Cache"] == "miss"
    assert client.get(soon.url)["X-Anxin-Cache"] == "hit"  # cached until the start
    import time

    time.sleep(3.2)
    assert client.get(soon.url)["X-Anxin-Cache"] == "miss"  # started: now it depends on reports
    assert client.get(soon.url)["X-Anxin-Cache"] == "hit"
