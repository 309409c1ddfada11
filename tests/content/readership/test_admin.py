"""Editors see page views in the admin: on the article's edit page (last 30 days and in
total), in the 阅读次数 report (articles, events, directory entries; CSV/XLSX), and the
reach report's 线上阅读 line — through the admin's real URLs, as each role."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from content.home.roles import ROLE_EDITORS, ROLE_ORGANIZERS, ROLE_REVIEWERS
from content.readership import counting
from content.readership.models import PageViewDay
from tests import factories

pytestmark = pytest.mark.django_db


def record(kind, object_id, day, views):
    PageViewDay.objects.create(kind=kind, object_id=object_id, day=day, views=views)


@pytest.fixture
def read_article(article_index):
    """An article read 7 times today, 5 times 29 days ago, 100 times 30 days ago."""
    article = factories.make_article(article_index, title="失眠自助七法")
    today = counting.today()
    record("article", article.pk, today, 7)
    record("article", article.pk, today - datetime.timedelta(days=29), 5)
    record("article", article.pk, today - datetime.timedelta(days=30), 100)
    return article


@pytest.mark.parametrize("role", [ROLE_EDITORS, ROLE_REVIEWERS])
def test_the_article_edit_page_shows_views_last_30_days_and_total(client, read_article, role):
    client.force_login(factories.make_user(role=role))
    response = client.get(reverse("wagtailadmin_pages:edit", args=(read_article.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "阅读次数" in html
    assert "<dd data-page-views-recent>12</dd>" in html
    assert "<dd data-page-views-total>112</dd>" in html
    assert "页面浏览次数，不是人数" in html


def test_a_new_article_has_no_views_panel(client, article_index):
    client.force_login(factories.make_user(role=ROLE_EDITORS))
    add = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", article_index.pk))
    response = client.get(add)
    assert response.status_code == 200
    assert "data-page-views-recent" not in response.content.decode()


def test_the_report_lists_each_kind_most_read_first(client, read_article, article_index):
    other = factories.make_article(article_index, title="焦虑时的呼吸练习")
    record("article", other.pk, counting.today(), 40)
    service = factories.make_service_point("嘉定区心理咨询中心")
    record("service", service.pk, counting.today(), 3)
    client.force_login(factories.make_user(role=ROLE_EDITORS))
    url = reverse("readership_page_views")
    response = client.get(url)
    assert response.status_code == 200
    rows = [(row["title"], row["recent"], row["total"]) for row in response.context["rows"]]
    assert rows == [("焦虑时的呼吸练习", 40, 40), ("失眠自助七法", 12, 112)]
    html = response.content.decode()
    assert "页面浏览次数，不是人数" in html
    services = client.get(url + "?kind=service")
    assert [(r["title"], r["recent"]) for r in services.context["rows"]] == [("嘉定区心理咨询中心", 3)]
    assert "嘉定区心理咨询中心" in services.content.decode()
    assert client.get(url + "?kind=nonsense").context["rows"][0]["title"] == "焦虑时的呼吸练习"  # articles


def test_the_report_downloads_as_csv_and_xlsx(client, read_article):
    client.force_login(factories.make_user(role=ROLE_EDITORS))
    url = reverse("readership_page_views")
    csv = client.get(url + "?export=csv")
    assert csv.status_code == 200
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert lines[0].split(",") == ["标题", "近 30 天页面浏览次数", "累计页面浏览次数"]
    assert lines[1].split(",") == ["失眠自助七法", "12", "112"]
    xlsx = client.get(url + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [c.value for c in sheet[2]] == ["失眠自助七法", 12, 112]


def test_the_report_needs_the_admin(client, read_article):
    url = reverse("readership_page_views")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(factories.make_user())  # no role: no admin access
    assert client.get(url).status_code in (302, 403)
    assert "失眠自助七法" not in client.get(url).content.decode()


def test_the_reach_report_shows_article_views_in_its_range(client, read_article):
    organizer = factories.make_user(role=ROLE_ORGANIZERS)
    client.force_login(organizer)
    today = counting.today()
    since = today - datetime.timedelta(days=29)
    response = client.get(reverse("event_reports:index") + f"?date_from={since}&date_to={today}&area_level=4")
    assert response.status_code == 200
    labels = [label for label, _value in response.context["grand_total"]]
    figures = dict(response.context["grand_total"])
    assert figures["线上阅读：页面浏览次数（非人数）"] == 12
    assert labels.index("线上阅读：页面浏览次数（非人数）") == labels.index("线上观看人次") + 1
    assert "线上阅读：页面浏览次数（非人数）" in response.content.decode()
    older = client.get(
        reverse("event_reports:index") + f"?date_from={today - datetime.timedelta(days=30)}&date_to={today}"
    )
    assert dict(older.context["grand_total"])["线上阅读：页面浏览次数（非人数）"] == 112


def test_the_event_edit_page_shows_views_to_its_organizer(client, home_page):
    from content.events.models import EventIndexPage
    from content.events.scoping import set_user_organization
    from tests.content.events.conftest import make_event

    area = factories.make_area("310114102000", "南翔镇")
    organization = factories.make_organization("南翔镇社区卫生服务中心", area=area)
    index = EventIndexPage(title="活动", slug="huodong")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    event = make_event(index, organization, area)
    today = counting.today()
    record("event", event.pk, today, 4)
    record("event", event.pk, today - datetime.timedelta(days=40), 6)
    organizer = factories.make_user(role=ROLE_ORGANIZERS)
    set_user_organization(organizer, organization)
    client.force_login(organizer)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<dd data-page-views-recent>4</dd>" in html
    assert "<dd data-page-views-total>10</dd>" in html
    assert "页面浏览次数，不是人数" in html


def test_the_directory_entry_edit_screen_shows_views(client):
    service = factories.make_service_point("嘉定区心理咨询中心")
    record("service", service.pk, counting.today(), 9)
    record("service", service.pk, counting.today() - datetime.timedelta(days=100), 91)
    record("article", service.pk, counting.today(), 500)  # another kind, same number: not this entry's
    client.force_login(factories.make_user(role=ROLE_EDITORS))
    response = client.get(reverse("wagtailsnippets_directory_servicepoint:edit", args=(service.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<dd data-page-views-recent>9</dd>" in html
    assert "<dd data-page-views-total>100</dd>" in html
    added = client.get(reverse("wagtailsnippets_directory_servicepoint:add"))
    assert added.status_code == 200 and "data-page-views-recent" not in added.content.decode()


def test_the_reach_report_xlsx_has_the_online_reading_line(client, read_article):
    client.force_login(factories.make_user(role=ROLE_ORGANIZERS))
    today = counting.today()
    since = today - datetime.timedelta(days=29)
    response = client.get(reverse("event_reports:index") + f"?date_from={since}&date_to={today}&format=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for sheet in workbook.worksheets for row in sheet.iter_rows()]
    labels = [row[0] for row in rows]
    assert ["线上阅读：页面浏览次数（非人数）", 12] in [row[:2] for row in rows]
    assert labels.index("线上阅读：页面浏览次数（非人数）") == labels.index("线上观看人次") + 1
