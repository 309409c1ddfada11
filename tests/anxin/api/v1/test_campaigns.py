"""GET /api/v1/campaigns and /api/v1/campaigns/<slug-or-id>: theme, dates, targets and
progress counted as the campaign page counts (live public events only)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from content.events.models import AttendanceReport, Campaign
from tests.content.events.conftest import make_event, make_report

pytestmark = pytest.mark.django_db

LIST = "/api/v1/campaigns"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def held(event_index, campaign, org_a, org_b, village, jiading_town):
    """Two live public events of the campaign with reports, and what must not count: a
    draft, a private event and an event of no campaign, each with a report."""
    one = make_event(event_index, org_a, village, campaign=campaign, start=days_ago(3))
    make_report(one, attendees=40, online_views=10)
    two = make_event(event_index, org_b, jiading_town, campaign=campaign, start=days_ago(5))
    make_report(two, attendees=100)
    draft = make_event(event_index, org_a, village, campaign=campaign, start=days_ago(4), publish=False)
    make_report(draft, attendees=500)
    private = make_event(event_index, org_a, village, campaign=campaign, start=days_ago(6))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    make_report(private, attendees=700)
    other = make_event(event_index, org_b, jiading_town, start=days_ago(2))
    make_report(other, attendees=900)
    return {"one": one, "two": two}


EXPECTED_PROGRESS = {
    "events": 2,
    "reach": 150,
    "attendees": 140,
    "online_views": 10,
    "events_percent": 50,  # of the target 4
    "reach_percent": 15,  # of the target 1000
}


def test_list_shape_and_progress(client, held, campaign):
    Campaign.objects.create(
        name="世界卫生日",
        slug="whd-2024",
        year=2024,
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2024, 4, 30),
    )
    response = client.get(LIST)
    assert response.status_code == 200
    campaigns = response.json()["campaigns"]
    assert [c["slug"] for c in campaigns] == ["wmhd-2025", "whd-2024"]  # newest first
    first, second = campaigns
    assert first == {
        "id": campaign.pk,
        "slug": "wmhd-2025",
        "name": "世界精神卫生日",
        "title": "2025 世界精神卫生日",
        "year": 2025,
        "theme": "人人享有心理健康服务",
        "description": "",
        "start_date": "2025-09-20",
        "end_date": "2025-10-31",
        "targets": {"events": 4, "reach": 1000},
        "progress": EXPECTED_PROGRESS,
        "url": "http://testserver/huodong/campaign/wmhd-2025/",
    }
    assert second["targets"] == {"events": None, "reach": None}
    assert second["progress"] == {
        "events": 0,
        "reach": 0,
        "attendees": 0,
        "online_views": 0,
        "events_percent": None,
        "reach_percent": None,
    }


def test_detail_by_slug_and_by_id_agree_with_the_list_and_the_page(client, held, campaign):
    by_slug = client.get(f"{LIST}/wmhd-2025").json()
    by_id = client.get(f"{LIST}/{campaign.pk}").json()
    assert by_slug == by_id == client.get(LIST).json()["campaigns"][0]
    assert by_slug["progress"] == EXPECTED_PROGRESS
    page = client.get(by_slug["url"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "已服务 150 人次" in html
    assert "目标 4 场，完成 50%" in html and "目标 1000 人次，完成 15%" in html


@pytest.mark.parametrize("key", ["no-such-campaign", "999999", "%E4%B8%AD", "x" * 300])
def test_unknown_campaign_is_a_json_404(client, held, key):
    response = client.get(f"{LIST}/{key}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert response.json()["error"]["message"] == "没有找到这项宣传活动。"


def test_empty_key_is_a_json_404(client, held):
    response = client.get(f"{LIST}/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_without_events_index_there_is_no_page_url(client, campaign):
    item = client.get(LIST).json()["campaigns"][0]
    assert item["url"] is None and item["progress"]["events"] == 0


@pytest.mark.parametrize("url", [LIST, f"{LIST}/wmhd-2025"])
def test_other_methods_are_refused(client, campaign, url):
    response = client.post(url)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_a_report_renews_the_cached_copy(client, held, page_cache_on, django_capture_on_commit_callbacks):
    url = f"{LIST}/wmhd-2025"
    assert client.get(url)["X-Anxin-Cache"] == "miss"
    assert client.get(url)["X-Anxin-Cache"] == "hit"
    assert client.get(LIST)["X-Anxin-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        report = AttendanceReport.objects.get(event=held["two"])
        report.online_views = 50
        report.save()
    fresh = client.get(url)
    assert fresh["X-Anxin-Cache"] == "miss"
    assert fresh.json()["progress"]["reach"] == 200
    assert client.get(LIST)["X-Anxin-Cache"] == "miss"


def test_a_directory_change_keeps_the_cached_copy(client, held, page_cache_on, django_capture_on_commit_callbacks):
    from tests import factories

    assert client.get(LIST)["X-Anxin-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_service_point("新的心理咨询室")
    assert client.get(LIST)["X-Anxin-Cache"] == "hit"
