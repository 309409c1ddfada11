"""GET /api/v1/hotlines: the crisis strip's lines and the directory's hotline entries,
24-hour lines first, each number once, defunct and unpublished entries never."""

from __future__ import annotations

import datetime

import pytest

from content.directory.models import OpeningHours, ServicePoint
from content.directory.opening import opening_state
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/hotlines"


def hotline(name, phone, **kwargs):
    kwargs.setdefault("area", None)
    return factories.make_service_point(name, kind="hotline", phone=phone, address="", **kwargs)


@pytest.fixture
def lines(db):
    """The default crisis strip (12356 not 24h, 962525 24h) and directory entries."""
    factories.make_home_page()
    hope = hotline("希望24热线", "4001619995", is_24_7=True)
    day = hotline("嘉定区心理援助热线", "39590800", hours_note="法定节假日休息")
    for weekday in range(7):
        OpeningHours.objects.create(
            service_point=day, weekday=weekday, opens=datetime.time(8, 0), closes=datetime.time(20, 0)
        )
    shanghai = hotline("上海市心理热线（目录）", "962525", is_24_7=True)
    gone = hotline("已停用的热线", "021-11112222", is_24_7=True, status="defunct")
    draft = hotline("未发布的热线", "021-33334444", is_24_7=True)
    ServicePoint.objects.filter(pk=draft.pk).update(live=False, is_public=False)
    room = factories.make_service_point("南翔镇心理咨询室", phone="021-55556666")
    return {"hope": hope, "day": day, "shanghai": shanghai, "gone": gone, "draft": draft, "room": room}


def test_shape_and_order_24_hour_lines_first(client, lines):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    items = response.json()["hotlines"]
    assert [item["name"] for item in items] == [
        "上海市心理热线",  # the strip's 24-hour line
        "希望24热线",  # the directory's 24-hour line
        "全国统一心理援助热线",  # the strip's, not 24 hours
        "嘉定区心理援助热线",  # the directory's, with a schedule
    ]
    assert [item["is_24h"] for item in items] == [True, True, False, False]
    assert [item["crisis"] for item in items] == [True, False, True, False]
    for item in items:
        assert set(item) == {
            "name",
            "crisis",
            "source",
            "is_24h",
            "open_now",
            "hours",
            "hours_note",
            "next_opening",
            "temporarily_closed",
            "illustrative",
            "phones",
            "url",
            "area_code",
        }


def test_numbers_display_form_and_tel_href(client, lines):
    items = {item["name"]: item for item in client.get(URL).json()["hotlines"]}
    assert items["希望24热线"]["phones"] == [{"number": "400-161-9995", "label": "预约电话", "href": "tel:4001619995"}]
    assert items["全国统一心理援助热线"]["phones"] == [{"number": "12356", "label": "", "href": "tel:12356"}]
    assert items["全国统一心理援助热线"]["hours"] == "每日不少于18小时，可匿名"
    assert items["全国统一心理援助热线"]["open_now"] is None  # no schedule: never claims open or closed


def test_opening_state_is_the_hotlines_pages(client, lines):
    items = {item["name"]: item for item in client.get(URL).json()["hotlines"]}
    day = items["嘉定区心理援助热线"]
    state = opening_state(lines["day"])
    assert day["open_now"] is state.is_open
    assert day["hours"] == state.label in ("正在开放", "现在未开放")
    assert day["hours_note"] == "法定节假日休息"
    assert day["next_opening"] == state.next_opening
    assert items["希望24热线"]["open_now"] is True and items["希望24热线"]["hours"] == "24小时开放"


def test_detail_urls_are_absolute_and_a_shown_number_is_listed_once(client, lines):
    items = client.get(URL).json()["hotlines"]
    by_name = {item["name"]: item for item in items}
    assert by_name["希望24热线"]["url"] == "http://testserver" + lines["hope"].get_url()
    # 962525 is on the strip: the directory entry lends it its page instead of a second row
    assert by_name["上海市心理热线"]["url"] == "http://testserver" + lines["shanghai"].get_url()
    assert "上海市心理热线（目录）" not in by_name
    assert by_name["全国统一心理援助热线"]["url"] is None
    assert sum(phone["number"] == "962525" for item in items for phone in item["phones"]) == 1


def test_defunct_unpublished_and_other_kinds_never_listed(client, lines):
    body = client.get(URL).content.decode()
    assert "已停用的热线" not in body
    assert "未发布的热线" not in body
    assert "南翔镇心理咨询室" not in body


def test_temporarily_closed_line_is_listed_and_says_so(client, lines):
    paused = hotline("暂停的热线", "021-77778888", status="temporarily closed")
    item = next(i for i in client.get(URL).json()["hotlines"] if i["name"] == paused.name)
    assert item["temporarily_closed"] is True and item["open_now"] is False and item["hours"] == "暂停服务"


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_are_refused_in_the_error_shape(client, lines, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_cached_for_anonymous_readers_and_renewed_by_a_directory_change(
    client, lines, page_cache_on, django_capture_on_commit_callbacks
):
    lines["day"].hours.all().delete()  # no clock in the state: cached for the full time
    assert client.get(URL)["X-Anxin-Cache"] == "miss"
    assert client.get(URL)["X-Anxin-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        hotline("新开通的热线", "021-12345678", is_24_7=True)
    response = client.get(URL)
    assert response["X-Anxin-Cache"] == "miss"
    assert "新开通的热线" in response.content.decode()


def test_a_change_elsewhere_keeps_the_cached_copy(client, lines, page_cache_on, django_capture_on_commit_callbacks):
    from content.events.models import Campaign

    lines["day"].hours.all().delete()
    assert client.get(URL)["X-Anxin-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        Campaign.objects.create(
            name="世界精神卫生日",
            slug="wmhd-x",
            year=2025,
            start_date=datetime.date(2025, 10, 1),
            end_date=datetime.date(2025, 10, 31),
        )
    assert client.get(URL)["X-Anxin-Cache"] == "hit"
