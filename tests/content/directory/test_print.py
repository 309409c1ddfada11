"""Print to phone (issue 17 point 9): an A4 page per entry and per township, and the
hotline poster, each with a server-drawn QR code that opens the public page on a phone."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.qr import encodes, qr_svgs

pytestmark = pytest.mark.django_db

PUBLIC = "https://xinli.example.gov.cn"


@pytest.fixture(autouse=True)
def _public_host(settings):
    settings.PUBLIC_BASE_URL = PUBLIC
    cache.clear()
    yield
    cache.clear()


def today_text() -> str:
    today = timezone.localdate()
    return f"{today.year}年{today.month}月{today.day}日"


def assert_print_sheet(html: str, public_path: str) -> None:
    """What every print page carries: the QR of the public page, its caption, the date."""
    assert len(qr_svgs(html)) == 1
    assert encodes(html, PUBLIC + public_path), "the QR code does not open the public page"
    assert not encodes(html, "http://testserver" + public_path)
    assert "用手机扫码打开" in html
    assert today_text() in html
    assert "https://fonts." not in html and "@font-face" not in html


def test_entry_print_page_has_its_phones_qr_and_date(client, make_service):
    sp = make_service("南翔村甲心理咨询室", phones=(("预约电话", "021-39590800"),))
    response = client.get(f"/fuwu/{sp.pk}/dayin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "南翔村甲心理咨询室" in html
    assert '<span class="phone-number">021-39590800</span>' in html
    assert "上海市嘉定区南翔镇测试路1号" in html
    assert_print_sheet(html, f"/fuwu/{sp.pk}/")


def test_entry_page_links_to_its_print_page(client, make_service):
    sp = make_service()
    html = client.get(f"/fuwu/{sp.pk}/").content.decode()
    assert f'href="/fuwu/{sp.pk}/dayin/"' in html
    assert "打印 / 张贴" in html


@pytest.mark.parametrize("path", ["/fuwu/{pk}/dayin/", "/fuwu/{big}/dayin/", "/fuwu/{huge}/dayin/"])
def test_missing_or_huge_entries_are_404(client, make_service, path):
    sp = make_service()
    url = path.format(pk=sp.pk + 1000, big=9 * 10**17, huge="9" * 30)
    assert client.get(url).status_code == 404


def test_defunct_and_unpublished_entries_have_no_print_page(client, make_service):
    defunct = make_service("已撤销的咨询室", status="defunct")
    draft = make_service("草稿咨询室", live=False)
    assert client.get(f"/fuwu/{defunct.pk}/dayin/").status_code == 404
    assert client.get(f"/fuwu/{draft.pk}/dayin/").status_code == 404


def test_print_page_refuses_post_without_a_500(client, make_service):
    sp = make_service()
    assert client.post(f"/fuwu/{sp.pk}/dayin/").status_code == 405


def test_township_sheet_lists_its_rooms_and_descendants_and_the_hotlines(client, make_service):
    village = make_service("南翔村甲心理咨询室", area_id="310114102201")
    town = make_service("南翔镇社区心理服务站", area_id="310114102000", kind="community_station")
    other = make_service("安亭村甲心理咨询室", area_id="310114103201")
    defunct = make_service("南翔村乙旧咨询室", area_id="310114102202", status="defunct")
    hotline = make_service(
        "希望24热线", kind="hotline", area_id=None, address="", is_24_7=True, hours=(), phones=(("", "400-161-9995"),)
    )
    response = client.get("/fuwu/quyu/310114102000/dayin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "南翔镇" in html
    assert village.name in html and town.name in html
    assert other.name not in html and defunct.name not in html
    # the crisis strip's hotlines (site settings) and the 24-hour hotline entries
    assert '<span class="phone-number">12356</span>' in html
    assert '<span class="phone-number">400-161-9995</span>' in html
    assert hotline.name in html
    # the rooms come first: a consultation room before a community station
    assert html.index(village.name) < html.index(town.name)
    assert_print_sheet(html, "/fuwu/?county=310114000000&township=310114102000")


@pytest.mark.parametrize("code", ["310114000000", "310114102201", "310114999000", "31011410200"])
def test_township_sheet_is_404_for_anything_but_a_known_township(client, areas, code):
    assert client.get(f"/fuwu/quyu/{code}/dayin/").status_code == 404


def test_directory_filtered_by_township_links_to_its_sheet(client, make_service):
    make_service()
    html = client.get("/fuwu/", {"county": "310114000000", "township": "310114102000"}).content.decode()
    assert 'href="/fuwu/quyu/310114102000/dayin/"' in html
    html = client.get("/fuwu/", {"county": "310114000000"}).content.decode()
    assert "/dayin/" not in html


def test_hotline_poster_shows_every_hotline_big_with_its_qr(client, make_service):
    make_service(
        "希望24热线", kind="hotline", area_id=None, address="", is_24_7=True, hours=(), phones=(("", "400-161-9995"),)
    )
    make_service("某区白天热线", kind="hotline", area_id=None, address="", phones=(("", "021-12345678"),))
    response = client.get("/fuwu/rexian/haibao/")
    assert response.status_code == 200
    html = response.content.decode()
    for number in ("12356", "962525", "400-161-9995"):
        assert f'<span class="phone-number">{number}</span>' in html
    assert "021-12345678" not in html  # a poster on the wall lists the lines that always answer
    assert_print_sheet(html, "/fuwu/rexian/")


def test_hotlines_page_links_to_the_poster(client):
    html = client.get("/fuwu/rexian/").content.decode()
    assert 'href="/fuwu/rexian/haibao/"' in html


def test_township_sheet_says_when_it_lists_only_part(client, make_service, monkeypatch):
    from content.directory import print_views

    monkeypatch.setattr(print_views, "MAX_AREA_ENTRIES", 1)
    make_service("南翔村甲心理咨询室", area_id="310114102201")
    make_service("南翔村乙心理咨询室", area_id="310114102202")
    html = client.get("/fuwu/quyu/310114102000/dayin/").content.decode()
    assert ("南翔村甲心理咨询室" in html) != ("南翔村乙心理咨询室" in html)
    assert "这里只列出一部分" in html
