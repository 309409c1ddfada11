"""Reach reports: figures checked against totals worked out by hand, and the CSV/XLSX
downloads checked cell by cell against the tables on the page."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from content.events import reports
from content.events.models import AttendanceBreakdown, CampaignAreaTarget
from tests.content.events.conftest import local, make_event, make_report

RANGE = "?date_from=2030-01-01&date_to=2030-12-31"


@pytest.fixture
def data(event_index, org_a, org_b, nanxiang, village, jiading_town, campaign, elders, parents):
    # E1: 00:30 on 1 Feb in Beijing is still 31 Jan in UTC: it must count for February.
    e1 = make_event(event_index, org_a, village, campaign=campaign, audiences=[elders], start=local(2030, 2, 1, 0, 30))
    e2 = make_event(
        event_index, org_a, nanxiang, kind="walk", audiences=[elders, parents], start=local(2030, 2, 15, 10)
    )
    e3 = make_event(
        event_index, org_b, jiading_town, campaign=campaign, audiences=[parents], start=local(2030, 3, 10, 14)
    )
    make_event(event_index, org_b, jiading_town, kind="training", campaign=campaign, start=local(2030, 3, 20, 9))
    outside = make_event(event_index, org_a, village, start=local(2031, 5, 1, 9))
    draft = make_event(event_index, org_a, village, start=local(2030, 4, 1, 9), publish=False)
    r1 = make_report(e1, attendees=100, online_views=20, materials=50, volunteers=5)
    r2 = make_report(e2, attendees=200, online_views=0, materials=10, volunteers=12)
    make_report(e3, attendees=40, online_views=60, materials=0, volunteers=3)
    make_report(outside, attendees=999, online_views=1)
    make_report(draft, attendees=555)
    AttendanceBreakdown.objects.create(report=r1, audience=elders, count=60)
    AttendanceBreakdown.objects.create(report=r2, audience=elders, count=80)
    AttendanceBreakdown.objects.create(report=r2, audience=parents, count=40)
    CampaignAreaTarget.objects.create(campaign=campaign, area=nanxiang, target_events=2, target_reach=100)
    # the campaign runs when its events do: the progress lists the campaigns overlapping the range
    campaign.start_date, campaign.end_date = local(2030, 1, 15).date(), local(2030, 3, 31).date()
    campaign.save()


def tables_for(user, level=4):
    import datetime

    queryset = reports.base_queryset(user, datetime.date(2030, 1, 1), datetime.date(2030, 12, 31))
    return {table.key: table for table in reports.dimension_tables(queryset, level)}


# columns: events, reported, attendees, online, reach, materials, volunteers
def test_by_month_in_beijing_time(data, superuser):
    table = tables_for(superuser)["month"]
    assert table.rows == [["2030-02", 2, 2, 300, 20, 320, 60, 17], ["2030-03", 2, 1, 40, 60, 100, 0, 3]]
    assert table.total == ["合计", 4, 3, 340, 80, 420, 60, 20]


def test_by_campaign(data, superuser):
    assert tables_for(superuser)["campaign"].rows == [
        ["2025 世界精神卫生日", 3, 2, 140, 80, 220, 50, 8],
        ["（未归入宣传活动）", 1, 1, 200, 0, 200, 10, 12],
    ]


def test_by_area_at_two_levels(data, superuser):
    assert tables_for(superuser)["area"].rows == [
        ["嘉定镇街道", 2, 1, 40, 60, 100, 0, 3],
        ["南翔镇", 2, 2, 300, 20, 320, 60, 17],
    ]
    assert tables_for(superuser, level=3)["area"].rows == [["嘉定区", 4, 3, 340, 80, 420, 60, 20]]


def test_by_organizer_kind_and_audience(data, superuser):
    tables = tables_for(superuser)
    assert tables["organizer"].rows == [
        ["南翔镇社区卫生服务中心", 2, 2, 300, 20, 320, 60, 17],
        ["嘉定镇街道社区卫生服务中心", 2, 1, 40, 60, 100, 0, 3],
    ]
    assert tables["kind"].rows == [
        ["讲座", 2, 2, 140, 80, 220, 50, 8],
        ["培训", 1, 0, 0, 0, 0, 0, 0],
        ["健步走", 1, 1, 200, 0, 200, 10, 12],
    ]
    # the last column is the audience breakdown recorded in the reports
    assert tables["audience"].rows == [
        ["家长", 2, 2, 240, 60, 300, 10, 15, 40],
        ["老年人", 2, 2, 300, 20, 320, 60, 17, 140],
        ["（未指定人群）", 1, 0, 0, 0, 0, 0, 0, 0],
    ]
    assert tables["audience"].total is None


def test_organizer_sees_only_their_figures(data, organizer_b):
    tables = tables_for(organizer_b)
    assert tables["month"].rows == [["2030-03", 2, 1, 40, 60, 100, 0, 3]]
    assert tables["organizer"].rows == [["嘉定镇街道社区卫生服务中心", 2, 1, 40, 60, 100, 0, 3]]


def test_campaign_progress_against_targets(data, superuser, organizer_a):
    (item,) = reports.campaign_progress(superuser)
    overall = item["overall"]
    assert (overall.events, overall.target_events, overall.events_percent) == (3, 4, 75)
    assert (overall.reach, overall.target_reach, overall.reach_percent) == (220, 1000, 22)
    (nanxiang,) = item["areas"]
    assert (nanxiang.label, nanxiang.events, nanxiang.events_percent, nanxiang.reach, nanxiang.reach_percent) == (
        "南翔镇",
        1,
        50,
        120,
        120,
    )
    (mine,) = reports.campaign_progress(organizer_a)
    assert (mine["overall"].events, mine["overall"].reach) == (1, 120)


class TableParser(HTMLParser):
    """Collects every <table id="table-…"> as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id", "").startswith("table-"):
            self.current = self.tables.setdefault(attrs["id"][6:], [])
        elif tag == "tr" and self.current is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None

    def handle_data(self, text):
        if self.cell is not None:
            self.cell += text


def test_page_shows_charts_tables_and_downloads_match(client, data, superuser):
    client.force_login(superuser)
    url = reverse("event_reports:index") + RANGE
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # accessible SVG charts drawn on the server: the month table (the first tab) and the campaign
    assert html.count('role="img"') >= 2
    assert '<title id="chart-month-title">' in html
    assert '<desc id="chart-month-desc">2030-02：320 人次；2030-03：100 人次。</desc>' in html
    assert "3 / 4（75%，未完成）" in html
    # one tab per dimension, the current one marked; the totals above them
    for key in ("month", "campaign", "area", "organizer", "audience", "kind"):
        assert f"table={key}#heading-{key}" in html
    assert html.count('aria-current="page"') >= 1 and 'href="?' in html
    assert "<dt>服务人次</dt><dd>420</dd>" in html
    shown = {}
    pages = {}
    for key in ("month", "campaign", "area", "organizer", "audience", "kind"):
        page = client.get(f"{url}&table={key}")
        assert page.status_code == 200
        parser = TableParser()
        parser.feed(page.content.decode())
        assert set(parser.tables) == {"progress", key}, key  # one dimension at a time
        assert f'<title id="chart-{key}-title">' in page.content.decode()
        shown[key] = parser.tables[key]
        shown["progress"] = parser.tables["progress"]
        pages[key] = page
    assert shown["month"][1:] == [
        ["2030-02", "2", "2", "300", "20", "320", "60", "17"],
        ["2030-03", "2", "1", "40", "60", "100", "0", "3"],
        ["合计", "4", "3", "340", "80", "420", "60", "20"],
    ]
    assert client.get(f"{url}&table=nonsense").context["current"] == "month"
    for key, rows in shown.items():
        download = client.get(f"{url}&format=csv&table={key}")
        assert download.status_code == 200
        assert download["Content-Type"].startswith("text/csv")
        assert list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")))) == rows, key
    workbook = load_workbook(io.BytesIO(client.get(f"{url}&format=xlsx").content))
    sheets = {sheet.title: sheet for sheet in workbook.worksheets}
    for key, page in pages.items():
        (table,) = page.context["tables"]
        sheet_rows = [
            ["" if value is None else str(value) for value in row]
            for row in sheets[table.title].iter_rows(values_only=True)
        ][1:]  # the first row names the date range
        assert sheet_rows == shown[key], key


def test_bad_input_gets_a_message_not_a_500(client, data, superuser):
    client.force_login(superuser)
    response = client.get(reverse("event_reports:index") + "?date_from=2030-12-31&date_to=2030-01-01")
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    response = client.get(reverse("event_reports:index") + "?date_from=yesterday&area_level=9")
    assert response.status_code == 200
    assert client.get(reverse("event_reports:index") + RANGE + "&format=csv&table=nope").status_code == 400


def test_unpublished_events_leave_the_reports(data, superuser):
    from content.events.models import EventPage

    page = EventPage.objects.get(start=local(2030, 3, 10, 14))
    assert page.is_live
    page.unpublish()
    page.refresh_from_db()
    assert not page.is_live
    assert tables_for(superuser)["month"].rows[-1] == ["2030-03", 1, 0, 0, 0, 0, 0, 0]
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.is_live
    assert tables_for(superuser)["month"].rows[-1] == ["2030-03", 2, 1, 40, 60, 100, 0, 3]
