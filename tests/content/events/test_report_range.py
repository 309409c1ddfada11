"""Reports that follow the chosen range (issue #13 point 7): the default range is the
last 12 months; campaign progress lists the campaigns that overlap the range (in the
page, its CSV and its XLSX), each with its whole-campaign figures against its targets."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from content.events.models import Campaign

from .conftest import local, make_event, make_report

pytestmark = pytest.mark.django_db
REPORTS = "event_reports:index"


@pytest.fixture
def campaigns(event_index, org_a, village):
    wmhd_2023 = Campaign.objects.create(
        name="世界精神卫生日", slug="wmhd-2023", year=2023, start_date=datetime.date(2023, 9, 20),
        end_date=datetime.date(2023, 10, 31), target_events=200, target_reach=300_000,
    )  # fmt: skip
    wmhd_2025 = Campaign.objects.create(
        name="世界精神卫生日", slug="wmhd-2025", year=2025, start_date=datetime.date(2025, 9, 20),
        end_date=datetime.date(2025, 10, 31), target_events=10, target_reach=1000,
    )  # fmt: skip
    event = make_event(event_index, org_a, village, campaign=wmhd_2023, start=local(2023, 10, 10, 9))
    make_report(event, attendees=300, online_views=700)
    make_event(event_index, org_a, village, campaign=wmhd_2025, start=local(2025, 10, 10, 9))
    return wmhd_2023, wmhd_2025


def progress_labels(response) -> list[str]:
    return [row[0] for row in response.context["progress_table"].rows]


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        ("2023-01-01", "2023-12-31", ["2023 世界精神卫生日"]),
        ("2025-10-31", "2025-12-31", ["2025 世界精神卫生日"]),  # overlapping on its last day
        ("2023-10-01", "2025-09-20", ["2025 世界精神卫生日", "2023 世界精神卫生日"]),
        ("2024-01-01", "2024-12-31", []),
    ],
)
def test_campaign_progress_shows_the_campaigns_overlapping_the_range(
    client, superuser, campaigns, date_from, date_to, expected
):
    client.force_login(superuser)
    query = {"date_from": date_from, "date_to": date_to}
    response = client.get(reverse(REPORTS), query)
    assert progress_labels(response) == expected
    html = response.content.decode()
    if not expected:
        assert "所选日期范围内没有宣传活动" in html
    csv_text = client.get(reverse(REPORTS), {**query, "format": "csv", "table": "progress"}).content.decode("utf-8-sig")
    assert ("2023 世界精神卫生日" in csv_text) == ("2023 世界精神卫生日" in expected)
    assert ("2025 世界精神卫生日" in csv_text) == ("2025 世界精神卫生日" in expected)
    workbook = load_workbook(io.BytesIO(client.get(reverse(REPORTS), {**query, "format": "xlsx"}).content))
    sheet = workbook["宣传活动目标完成情况"]
    labels = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert labels == expected


def test_progress_is_the_whole_campaign_against_its_targets(client, superuser, campaigns):
    client.force_login(superuser)
    # a range that holds only the first days of the 2023 campaign, before its event
    response = client.get(reverse(REPORTS), {"date_from": "2023-09-01", "date_to": "2023-09-30"})
    rows = response.context["progress_table"].rows
    assert rows == [["2023 世界精神卫生日", 1, 200, 0, 1000, 300_000, 0]]


def test_default_range_is_the_last_12_months(client, superuser, event_index, org_a, village):
    today = timezone.localdate()
    year_ago = (
        today.replace(year=today.year - 1)
        if (today.month, today.day) != (2, 29)
        else today.replace(year=today.year - 1, day=28)
    )
    inside = make_event(event_index, org_a, village, start=local(year_ago.year, year_ago.month, year_ago.day, 12)
                        + datetime.timedelta(days=1))  # fmt: skip
    make_report(inside, attendees=11)
    outside = make_event(event_index, org_a, village, start=local(year_ago.year, year_ago.month, year_ago.day, 12))
    make_report(outside, attendees=1000)
    client.force_login(superuser)
    response = client.get(reverse(REPORTS))
    form = response.context["form"]
    assert form.data["date_from"] == (year_ago + datetime.timedelta(days=1)).isoformat()
    assert form.data["date_to"] == today.isoformat()
    totals = dict(response.context["grand_total"])
    assert totals["活动场次"] == 1 and totals["服务人次"] == 11
