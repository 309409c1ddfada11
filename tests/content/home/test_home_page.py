"""Issue #17 point 4 (server side): five task tiles with our own icons, audience chips,
article cards with their cover (AVIF/WebP, lazy, fixed size), upcoming events with date
badges; the tiles follow where the site keeps each section, never a hard-coded slug."""

import datetime
import re

import pytest
from django.utils import timezone

from content.home.models import AudiencePage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def furnished_home(home_page, article_index, elders):
    home_page.add_child(instance=AudiencePage(title="写给老年人", slug="for-elders", audience=elders))
    factories.make_article(article_index, title="带封面的文章", cover_image=factories.make_image())
    factories.make_article(article_index, title="没有封面的文章")
    return home_page


def test_five_task_tiles_with_inline_icons(client, furnished_home, article_index):
    html = client.get("/").content.decode()
    tiles = re.findall(r'<a class="task-tile task-tile--(\w+)" href="([^"]+)">(.*?)</a>', html, re.S)
    by_icon = {icon: (href, body) for icon, href, body in tiles}
    assert by_icon["phone"][0] == "/fuwu/rexian/"
    assert by_icon["pin"][0] == "/fuwu/"
    assert by_icon["book"][0] == article_index.url
    for _href, body in by_icon.values():
        assert '<svg class="icon"' in body and 'aria-hidden="true"' in body
    assert [re.search(r'task-tile__label">([^<]+)', body).group(1) for _h, body in by_icon.values()][:2] == [
        "打热线",
        "找服务",
    ]


def test_tiles_follow_the_sections_wherever_they_are(client, furnished_home, article_index):
    article_index.slug = "zhishi"
    article_index.save_revision().publish()
    html = client.get("/").content.decode()
    assert 'class="task-tile task-tile--book" href="/zhishi/"' in html


def test_audiences_are_chips_not_a_bulleted_list(client, furnished_home):
    html = client.get("/").content.decode()
    assert '<ul class="chip-list"><li><a class="chip" href="/for-elders/">老年人</a></li></ul>' in html
    assert "audience-grid" not in html


def test_article_cards_show_the_cover_in_modern_formats_without_layout_shift(client, furnished_home):
    html = client.get("/").content.decode()
    cards = re.findall(r'<li class="cover-card">.*?</li>', html, re.S)
    assert len(cards) == 2
    with_cover = next(card for card in cards if "带封面的文章" in card)
    assert 'type="image/avif"' in with_cover and 'type="image/webp"' in with_cover
    img = re.search(r"<img [^>]*>", with_cover).group(0)
    assert 'loading="lazy"' in img and 'width="360"' in img and 'height="203"' in img
    without = next(card for card in cards if "没有封面的文章" in card)
    assert "cover-card__image--none" in without
    assert "约 1 分钟" not in html


def test_upcoming_events_have_date_badges(client, furnished_home):
    from tests.content.events.conftest import make_event

    index = factories_event_index(furnished_home)
    start = timezone.now() + datetime.timedelta(days=3)
    make_event(index, factories.make_organization(), factories.make_area("310114102", "南翔镇"), start=start)
    html = client.get("/").content.decode()
    local = timezone.localtime(start)
    assert f'<time class="date-badge" datetime="{local:%Y-%m-%d}">' in html
    assert f'<span class="date-badge__day">{local.day}</span>' in html


def factories_event_index(home):
    from content.events.models import EventIndexPage

    index = EventIndexPage(title="活动", slug="huodong")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index
