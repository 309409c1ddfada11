"""Public pages: render without JavaScript, filters, detail, corrections, hotlines; defunct never public."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from content.directory.models import CorrectionReport, ServicePoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_directory_home_lists_public_entries_and_has_no_script_dependency(client, make_service):
    make_service("南翔村甲心理咨询室")
    response = client.get(reverse("directory:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "南翔村甲心理咨询室" in html
    assert 'href="tel:02139590800"' in html
    # The filters are a plain GET form with a submit button.
    assert re.search(r'<form[^>]+method="get"', html)
    assert '<button type="submit">' in html
    assert "<script>" not in html  # no inline scripts (CSP)


def test_filters_by_area_kind_audience_offered_fee_and_24h(client, make_service):
    a = make_service("甲", area_id="310114102201", audience_slugs=("elders",))
    b = make_service("乙", area_id="310114103201", kind="hospital_clinic", fee="insurance", audience_slugs=("parents",))
    c = make_service("丙", area_id="310114103202", is_24_7=True, offered_slugs=("crisis-intervention",))
    url = reverse("directory:home")

    def names(**params):
        html = client.get(url, params).content.decode()
        return {sp.name for sp in (a, b, c) if f">{sp.name}<" in html}

    assert names(county="310114000000") == {"甲", "乙", "丙"}
    assert names(county="310114000000", township="310114103000") == {"乙", "丙"}
    assert names(kind="hospital_clinic") == {"乙"}
    assert names(audience="parents") == {"乙"}
    assert names(offered="crisis-intervention") == {"丙"}
    assert names(fee="insurance") == {"乙"}
    assert names(is_24h="on") == {"丙"}


def test_search_box_asks_the_search_index_and_keeps_the_other_filters(
    client, make_service, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # entries reach the index after commit
        make_service("南翔镇永乐村心理咨询室", area_id="310114102201")
        make_service(
            "安亭镇医院心理门诊",
            area_id="310114103201",
            kind="hospital_clinic",
            description="失眠、焦虑、抑郁门诊。",
        )
        make_service("安亭村谈心室", area_id="310114103202", is_24_7=True)
    url = reverse("directory:home")

    def names(**params):
        html = client.get(url, params).content.decode()
        return set(re.findall(r">([^<>]*(?:咨询室|门诊|谈心室))</a>", html))

    assert names(q="心理咨询") == {"南翔镇永乐村心理咨询室", "安亭镇医院心理门诊", "安亭村谈心室"}  # all offer it
    assert names(q="永乐") == {"南翔镇永乐村心理咨询室"}
    assert names(q="醫院") == {"安亭镇医院心理门诊"}  # traditional characters
    assert names(q="睡不着") == {"安亭镇医院心理门诊"}  # a synonym of 失眠
    assert names(q="安亭") == {"安亭镇医院心理门诊", "安亭村谈心室"}
    assert names(q="安亭", kind="hospital_clinic") == {"安亭镇医院心理门诊"}
    assert names(q="安亭", is_24h="on") == {"安亭村谈心室"}
    assert names(q="安亭", county="310114000000", township="310114102000") == set()
    empty = client.get(url, {"q": "根本不存在的词语"}).content.decode()
    assert "没有找到符合条件的服务点" in empty


def test_search_box_pages_through_matches_without_a_scan(client, make_service, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(execute=True):
        for i in range(23):
            make_service(f"心灵驿站{i:02d}号", kind="wellbeing_station")
        make_service("别的心理咨询室")
    url = reverse("directory:home")
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url, {"q": "驿站"}).content.decode()
    assert first.count('class="card directory-card"') == 20
    assert 'rel="next"' in first and "别的心理咨询室" not in first
    # the database is asked for ids the index found, never for a name/address LIKE scan
    assert not any("LIKE" in q["sql"].upper() for q in queries.captured_queries)
    second = client.get(url, {"q": "驿站", "page": 2}).content.decode()
    assert second.count('class="card directory-card"') == 3 and 'rel="next"' not in second


def test_township_select_appears_after_choosing_a_county(client, areas):
    html = client.get(reverse("directory:home"), {"county": "310114000000"}).content.decode()
    assert 'name="township"' in html and "安亭镇" in html
    assert 'name="township"' not in client.get(reverse("directory:home")).content.decode()


def test_list_paginates_without_counting_and_without_n_plus_one(client, make_service):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(3):
        make_service(f"点{i:02d}")
    client.get(reverse("directory:home"))  # warm the settings caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("directory:home"))
    for i in range(3, 23):
        make_service(f"点{i:02d}")
    with CaptureQueriesContext(connection) as many:
        first = client.get(reverse("directory:home")).content.decode()
    assert len(many) == len(few)  # no query per entry
    assert not any("COUNT(" in q["sql"].upper() and "directory_servicepoint" in q["sql"] for q in many.captured_queries)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get(reverse("directory:home"), {"page": 2}).content.decode()
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert second.count('class="card directory-card"') == 3


def test_detail_page_shows_everything_a_reader_needs(client, make_service):
    sp = make_service(accessibility="一楼，有坡道", is_illustrative=True)
    html = client.get(sp.get_url()).content.decode()
    assert sp.get_url() == f"/fuwu/{sp.pk}/" == sp.get_absolute_url()
    assert 'href="tel:02139590800"' in html
    assert 'data-copy="上海市嘉定区南翔镇测试路1号"' in html
    assert "openstreetmap.org/?mlat=31.298000" in html
    assert "2025年9月1日" in html
    assert "示例信息，请以当地公布为准" in html
    assert "现在" in html or "正在开放" in html  # open-now state shown
    assert f'href="/fuwu/{sp.pk}/jiucuo/"' in html  # the correction form is a page of its own
    assert "csrfmiddlewaretoken" not in html
    form = client.get(f"/fuwu/{sp.pk}/jiucuo/").content.decode()
    assert f'action="/fuwu/{sp.pk}/jiucuo/"' in form and "csrfmiddlewaretoken" in form


def test_detail_page_is_cached_until_its_opening_state_flips(client, make_service, settings):
    """Entry pages were never cached (the inline form set a CSRF cookie); now they are,
    and the copy expires at the next opening or closing time, so 现在开放 is never stale."""
    import datetime as dt

    from django.core.cache import cache

    from content.directory.opening import next_change

    settings.ANXIN_PAGE_CACHE_SECONDS = 300
    cache.clear()
    sp = make_service()
    first = client.get(sp.get_url())
    assert first["X-Anxin-Cache"] == "miss" and "Set-Cookie" not in first
    change = next_change(sp)
    seconds_left = (change - dt.datetime.now(dt.UTC)).total_seconds()
    second = client.get(sp.get_url())
    assert second["X-Anxin-Cache"] == ("hit" if seconds_left > 1 else "miss")
    cache.clear()


def test_next_change_is_the_next_opening_or_closing_time(make_service):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from content.directory.models import OpeningHours
    from content.directory.opening import next_change

    shanghai = ZoneInfo("Asia/Shanghai")
    sp = make_service(hours=[])
    OpeningHours.objects.create(service_point=sp, weekday=0, opens=dt.time(9), closes=dt.time(17))
    OpeningHours.objects.create(service_point=sp, weekday=4, opens=dt.time(20), closes=dt.time(2))  # overnight
    sp = ServicePoint.objects.get(pk=sp.pk)
    monday_morning = dt.datetime(2026, 11, 30, 8, 0, tzinfo=shanghai)
    assert next_change(sp, monday_morning) == dt.datetime(2026, 11, 30, 9, 0, tzinfo=shanghai)
    assert next_change(sp, monday_morning.replace(hour=12)) == dt.datetime(2026, 11, 30, 17, 0, tzinfo=shanghai)
    friday_night = dt.datetime(2026, 12, 4, 23, 0, tzinfo=shanghai)
    assert next_change(sp, friday_night) == dt.datetime(2026, 12, 5, 2, 0, tzinfo=shanghai)
    sunday = dt.datetime(2026, 12, 6, 12, 0, tzinfo=shanghai)
    assert next_change(sp, sunday) == dt.datetime(2026, 12, 7, 9, 0, tzinfo=shanghai)
    sp.is_24_7 = True
    assert next_change(sp, sunday) is None


def test_temporarily_closed_entries_say_so(client, make_service):
    sp = make_service(status="temporarily closed")
    html = client.get(sp.get_url()).content.decode()
    assert "暂停服务" in html
    assert "暂停服务" in client.get(reverse("directory:home")).content.decode()


def test_defunct_and_unpublished_entries_are_never_public(client, make_service):
    gone = make_service("已撤销的点", status="defunct")
    draft = make_service("草稿点", live=False)
    visible = make_service("正常的点")
    for sp in (gone, draft):
        assert client.get(sp.get_url()).status_code == 404
        assert client.post(reverse("directory:report", args=[sp.pk]), {"problem": "phone"}).status_code == 404
    listing = client.get(reverse("directory:home")).content.decode()
    assert "正常的点" in listing and "已撤销的点" not in listing and "草稿点" not in listing
    assert visible.is_public and not gone.is_public and not draft.is_public


def test_hotlines_page_puts_24_hour_lines_first(client, make_service):
    make_service(
        "白天热线", kind="hotline", area_id=None, address="", latitude=None, longitude=None, phones=[("热线", "12356")]
    )
    make_service(
        "全天热线",
        kind="hotline",
        area_id=None,
        address="",
        latitude=None,
        longitude=None,
        phones=[("热线", "962525")],
        is_24_7=True,
        hours=[],
    )
    make_service("撤销热线", kind="hotline", area_id=None, phones=[("热线", "12355")], status="defunct")
    html = client.get(reverse("directory:hotlines")).content.decode()
    assert html.index("全天热线") < html.index("白天热线")
    assert 'href="tel:962525"' in html
    assert "撤销热线" not in html


def test_report_a_mistake_lands_in_the_queue_without_personal_data(client, make_service):
    sp = make_service()
    response = client.post(reverse("directory:report", args=[sp.pk]), {"problem": "phone", "details": "打不通"})
    assert response.status_code == 302 and response["Location"].startswith(sp.get_url())
    report = CorrectionReport.objects.get()
    assert (report.service_point, report.problem, report.details, report.status) == (sp, "phone", "打不通", "new")
    field_names = {f.name for f in CorrectionReport._meta.get_fields()}
    assert not field_names & {"ip", "ip_hash", "email", "name", "phone", "user"}


def test_report_needs_a_problem_and_is_rate_limited(client, make_service):
    sp = make_service()
    url = reverse("directory:report", args=[sp.pk])
    assert client.post(url, {"details": "没选问题"}).status_code == 400
    for _ in range(5):
        assert client.post(url, {"problem": "hours"}).status_code == 302
    blocked = client.post(url, {"problem": "hours"})
    assert blocked.status_code == 429
    assert "提交太频繁" in blocked.content.decode()
    assert CorrectionReport.objects.count() == 5


def test_honeypot_submissions_are_dropped(client, make_service):
    sp = make_service()
    client.post(reverse("directory:report", args=[sp.pk]), {"problem": "other", "website": "http://spam"})
    assert CorrectionReport.objects.count() == 0


def test_in_area_is_a_prefix_range(make_service):
    make_service("甲", area_id="310114102201")
    make_service("乙", area_id="310114103201")
    assert {s.name for s in ServicePoint.objects.in_area("310114102000")} == {"甲"}
    assert {s.name for s in ServicePoint.objects.in_area("310114")} == {"甲", "乙"}
    assert not ServicePoint.objects.in_area("310115000000").exists()


def test_a_paused_hotline_says_so_once_and_drops_its_24_hour_badge(client, make_service):
    """It said 暂停服务 twice (state label, then again in bold) and a paused 24-hour line
    kept its "24小时" badge next to it."""
    common = {"kind": "hotline", "area_id": None, "address": "", "latitude": None, "longitude": None}
    make_service("白天暂停热线", status="temporarily closed", phones=[("热线", "12356")], **common)
    make_service(
        "全天暂停热线", status="temporarily closed", phones=[("热线", "962525")], is_24_7=True, hours=[], **common
    )
    html = client.get(reverse("directory:hotlines")).content.decode()
    cards = re.findall(r'<li class="hotline-card">(.*?)</li>', html, re.S)
    assert len(cards) == 2
    for card in cards:
        assert card.count("暂停服务") == 1
        assert "24小时" not in card
