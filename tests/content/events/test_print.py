"""An event's printable A4 page (<event>/dayin/): time, place, organizer and a QR code
that opens the event on a phone; drafts and private events have none."""

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.content.events.conftest import local, make_event
from tests.qr import encodes

PUBLIC = "https://xinli.example.gov.cn"


@pytest.fixture(autouse=True)
def _public_host(settings):
    settings.PUBLIC_BASE_URL = PUBLIC


def test_event_print_page_has_time_place_and_qr(client, event_index, org_a, village):
    event = make_event(event_index, org_a, village, title="老年人睡眠讲座", start=local(2030, 5, 6, 14, 30))
    response = client.get(event.url + "dayin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "老年人睡眠讲座" in html
    assert "2030年5月6日" in html and "14:30" in html
    assert "测试路 1 号社区活动室" in html
    assert org_a.name in html
    assert "用手机扫码打开" in html
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in html
    assert encodes(html, PUBLIC + event.url)
    assert not encodes(html, PUBLIC + event.url + "dayin/")


def test_event_page_links_to_its_print_page(client, event_index, org_a, village):
    event = make_event(event_index, org_a, village)
    html = client.get(event.url).content.decode()
    assert f'href="{event.url}dayin/"' in html
    assert "打印 / 张贴" in html


def test_draft_and_private_events_have_no_print_page(client, event_index, org_a, village):
    draft = make_event(event_index, org_a, village, title="草稿活动", publish=False)
    private = make_event(event_index, org_a, village, title="内部活动")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    assert client.get(f"{event_index.url}{draft.slug}/dayin/").status_code == 404
    assert client.get(private.url + "dayin/").status_code == 404


def test_unknown_event_subpaths_are_still_404(client, event_index, org_a, village):
    event = make_event(event_index, org_a, village)
    assert client.get(event.url + "dayin/extra/").status_code == 404
    assert client.get(event.url + "nothing/").status_code == 404
