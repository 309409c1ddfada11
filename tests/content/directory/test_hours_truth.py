"""Hours that tell the truth (issue #17.1): every kind × schedule, as the detail page, the
directory list, the HSDS API and the search API say it.

A hotline or online service without a weekly schedule never shows a week of 休息 or
"直接前往"; unknown hours never read as closed (以电话咨询为准); 24/7 says 24 小时.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from content.directory.search_docs import build_document
from search.index import index_documents_now
from tests.search.conftest import search_settings  # noqa: F401  (the search tests' own fixture)

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
#: Tuesday 2025-10-07 20:00 in Shanghai: evening, the Monday 09:00–17:00 room is closed.
TUESDAY_EVENING = datetime(2025, 10, 7, 20, 0, tzinfo=SH)

KINDS = ["hotline", "online", "consultation_room"]
SCHEDULES = {
    "24/7": {"is_24_7": True, "hours": ()},
    "weekly": {"hours": ((0, "09:00", "17:00"),)},
    "note only": {"hours": (), "hours_note": "各城市至少每天18小时，许多城市24小时"},
    "nothing": {"hours": ()},
}
CLOSED_WORDS = ("休息", "未开放", "closed", "已关闭")
BOOKING = {"hotline": "拨打电话", "online": "线上"}


@pytest.fixture(autouse=True)
def _evening(monkeypatch):
    cache.clear()
    monkeypatch.setattr("content.directory.opening.timezone.now", lambda: TUESDAY_EVENING)
    yield
    cache.clear()


def text(response) -> str:
    """The visible text of a page's <main> (tags out, entities decoded)."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", "", main, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def card_text(response, sp) -> str:
    page = response.content.decode()
    start = page.index(f'href="{sp.get_url()}"')
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page[start : page.index("</li>\n", start)]))


def entry(make_service, kind: str, schedule: str, **extra):
    spec = dict(SCHEDULES[schedule])
    kwargs = {"kind": kind, "booking": "walk_in", **spec, **extra}
    if kind in BOOKING:
        kwargs.update(area_id=None, address="", latitude=None, longitude=None)
    return make_service(f"{kind}-{schedule}-测试", **kwargs)


def expected_hours(kind: str, schedule: str) -> str:
    if schedule == "24/7":
        return "24小时开放"
    if schedule == "weekly":
        return "现在未开放"
    if schedule == "note only" and kind in BOOKING:
        return SCHEDULES["note only"]["hours_note"]
    return "开放时间以电话咨询为准"


@pytest.mark.parametrize("schedule", list(SCHEDULES))
@pytest.mark.parametrize("kind", KINDS)
def test_detail_page(client, make_service, kind, schedule):
    sp = entry(make_service, kind, schedule)
    page = text(client.get(sp.get_url()))
    assert expected_hours(kind, schedule) in page
    if schedule == "weekly":
        assert "星期一 09:00–17:00" in page and "星期二 休息" in page  # a real schedule may say 休息
        assert "星期一 09:00 开放" in page  # when it opens next
    else:
        for word in CLOSED_WORDS:
            assert word not in page, f"{kind}/{schedule}: the page says {word!r}"
        assert "正在开放" not in page
    if kind in BOOKING:
        assert f"预约方式 {BOOKING[kind]}" in page
        assert "直接前往" not in page
    else:
        assert "预约方式 直接前往" in page
    if schedule == "note only":
        assert page.count(SCHEDULES["note only"]["hours_note"]) == 1  # said once, not twice


@pytest.mark.parametrize("schedule", list(SCHEDULES))
@pytest.mark.parametrize("kind", KINDS)
def test_directory_list(client, make_service, kind, schedule):
    sp = entry(make_service, kind, schedule)
    response = client.get(reverse("directory:home"), {"kind": kind})
    card = card_text(response, sp)
    assert expected_hours(kind, schedule) in card
    if schedule == "weekly":
        assert "星期一 09:00 开放" in card
    else:
        for word in CLOSED_WORDS:
            assert word not in card, f"{kind}/{schedule}: the list says {word!r}"


@pytest.mark.parametrize("schedule", list(SCHEDULES))
@pytest.mark.parametrize("kind", KINDS)
def test_hsds_api(client, make_service, kind, schedule):
    sp = entry(make_service, kind, schedule)
    record = client.get(reverse("directory:hsds_service", args=[sp.uuid])).json()
    dumped = json.dumps(record, ensure_ascii=False)
    assert record["status"] == "active"
    if kind in BOOKING:
        assert record["application_process"] == BOOKING[kind]
    assert "直接前往" not in dumped or kind not in BOOKING
    if schedule == "weekly":
        assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in record["schedules"]] == [("MO", "09:00", "17:00")]
        return
    for word in CLOSED_WORDS:
        assert word not in dumped
    notes = [s.get("notes") for s in record["schedules"] if s.get("notes")]
    if schedule == "note only":
        assert notes == [SCHEDULES["note only"]["hours_note"]]
    elif schedule == "nothing":
        assert notes == ["开放时间以电话咨询为准"]  # unknown, said in words: not an empty (closed) week


def test_hsds_round_trip_keeps_unknown_hours_unknown(make_service):
    from content.directory.hsds import import_hsds, service_object
    from content.directory.models import ServicePoint

    sp = entry(make_service, "hotline", "nothing")
    record = service_object(ServicePoint.objects.get(pk=sp.pk))
    import_hsds([record])
    sp.refresh_from_db()
    assert sp.hours_note == "" and not sp.hours.exists() and not sp.is_24_7


@pytest.mark.parametrize("schedule", list(SCHEDULES))
@pytest.mark.parametrize("kind", KINDS)
def test_search_api(client, make_service, search_settings, kind, schedule):  # noqa: F811
    sp = entry(make_service, kind, schedule)
    index_documents_now([build_document(sp)])
    data = client.get(reverse("search_api"), {"q": sp.name, "kind": "service"}).json()
    [hit] = [r for r in data["results"] if r["url"] == sp.get_url()]
    hours = hit["payload"]["hours"]
    assert hit["payload"]["has_schedule"] is (schedule == "weekly")
    for word in CLOSED_WORDS:
        assert word not in json.dumps(hit, ensure_ascii=False)
    if schedule == "24/7":
        assert hours == "24小时开放"
    elif schedule == "note only":
        assert hours == SCHEDULES["note only"]["hours_note"]
    elif schedule == "nothing":
        assert hours == "开放时间以电话咨询为准"
    # and the search results page says the same
    page = text(client.get(reverse("search"), {"q": sp.name, "kind": "service"}))
    assert hours in page


def test_temporarily_closed_says_so_everywhere(client, make_service):
    sp = entry(make_service, "hotline", "nothing", status="temporarily closed")
    assert "暂停服务" in text(client.get(sp.get_url()))
    assert "暂停服务" in card_text(client.get(reverse("directory:home"), {"kind": "hotline"}), sp)
