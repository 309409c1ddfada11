"""Issue 17 point 8: what every render shares (site, settings, navigation, sections, the
home page's parts) is remembered per process (anxin/cache/memo.py), and a publish, a
settings save or a directory save reaches the very next request, as it reaches the
page cache. The page cache is off here (every request renders); saves run their
on-commit callbacks, which is where the scopes' generations move."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction, Site

from anxin.cache import memo
from content.home.models import CrisisSettings, SiteIdentitySettings
from tests import factories

pytestmark = pytest.mark.django_db

HOTLINE = {"name": "北京心理危机干预中心", "number": "010-82951332", "hours": "24小时", "is_24h": True}


@pytest.fixture
def commit(settings, django_capture_on_commit_callbacks):
    settings.ANXIN_PAGE_CACHE_SECONDS = 0
    settings.ANXIN_RENDER_MEMO = True
    memo.clear()
    yield lambda: django_capture_on_commit_callbacks(execute=True)
    memo.clear()


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def strip(client, url: str) -> str:
    page = html(client, url)
    return page[page.index('<aside class="crisis-strip"') : page.index("</aside>")]


def test_the_memo_serves_what_it_remembered_until_a_generation_moves(client, commit, home_page):
    assert "需要帮助？请立即拨打" in html(client, "/")
    CrisisSettings.objects.update(strip_message="没有经过保存的提示语")  # no signal, no generation bump
    assert "没有经过保存的提示语" not in html(client, "/")


def test_a_crisis_settings_save_changes_the_strip_on_the_next_request(client, commit, home_page, article_index):
    with commit():
        article = factories.make_article(article_index)
    for url in ("/", article.url, "/fuwu/"):
        assert 'href="tel:12356"' in strip(client, url)
    settings = CrisisSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotlines = [("hotline", HOTLINE)]
    with commit():
        settings.save()
    for url in ("/", article.url, "/fuwu/"):
        shown = strip(client, url)
        assert 'href="tel:01082951332"' in shown, url
        assert 'href="tel:12356"' not in shown, url


def test_a_site_identity_save_changes_header_and_footer(client, commit, home_page):
    assert "示范区心理服务中心" not in html(client, "/fuwu/")
    identity = SiteIdentitySettings.for_site(Site.objects.get(is_default_site=True))
    identity.site_title = "安心嘉定"
    identity.operator = "示范区心理服务中心"
    with commit():
        identity.save()
    page = html(client, "/fuwu/")
    assert 'class="site-header__brand" href="/">安心嘉定</a>' in page
    assert "示范区心理服务中心" in page


def test_a_publish_changes_the_home_page_and_the_navigation(client, commit, home_page, article_index):
    with commit():
        factories.make_article(article_index, title="第一篇文章")
    page = html(client, "/")
    assert "第一篇文章" in page and "第二篇文章" not in page
    with commit():
        factories.make_article(article_index, title="第二篇文章")
    assert "第二篇文章" in html(client, "/")

    assert 'href="/huodong/"' not in html(client, "/")
    from content.events.models import EventIndexPage

    events = EventIndexPage(title="活动", slug="huodong", show_in_menus=True)
    with commit():
        home_page.add_child(instance=events)
        events.save_revision().publish()
    assert '<a href="/huodong/">活动</a>' in html(client, "/fuwu/")


def test_an_unpublished_section_is_gone_on_the_next_request(client, commit, home_page, article_index):
    with commit():
        article = factories.make_article(article_index)
    assert client.get(article.url).status_code == 200
    with commit():
        article_index.unpublish()
    assert client.get(article_index.url).status_code == 404
    assert client.get(article.url).status_code == 200  # Wagtail serves a live page under a draft one


def test_a_service_point_save_reaches_the_next_request(client, commit, home_page, article_index, elders):
    with commit():
        service = factories.make_service_point("南翔镇心理咨询室")
        service.audiences.add(elders)
        related = {"title": "身边的心理服务", "services": [service]}
        body = [("paragraph", "<p>身边就有心理服务。</p>"), ("related_services", related)]
        article = factories.make_article(article_index, audiences=[elders], body=body)
    for url in (article.url, f"/fuwu/{service.pk}/"):
        assert "南翔镇心理咨询室" in html(client, url)
    service.name = "南翔镇社区心理服务站"
    with commit():
        service.save()
    for url in (article.url, f"/fuwu/{service.pk}/"):
        page = html(client, url)
        assert "南翔镇社区心理服务站" in page and "南翔镇心理咨询室" not in page, url


def test_a_new_private_section_is_private_on_the_next_request(client, commit, home_page, article_index):
    with commit():
        article = factories.make_article(article_index, title="内部文章")
    assert "内部文章" in html(client, "/")
    with commit():
        PageViewRestriction.objects.create(page=article_index, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(article.url).status_code == 302  # to the login page
    assert "内部文章" not in html(client, "/")


def test_renditions_read_from_the_shared_cache_are_not_written_back(client, settings, tmp_path, monkeypatch, home_page):
    """Wagtail wrote every rendition of a page back to the cache on every render: a write
    (and the SQLite file's write lock) per render of any page with a picture."""
    from anxin.cache.sqlite import SQLiteCache

    settings.CACHES = {
        **settings.CACHES,
        "renditions": {"BACKEND": "anxin.cache.renditions.SQLiteRenditionCache", "LOCATION": str(tmp_path / "r.db")},
    }
    writes = []
    for name in ("set", "set_many"):
        original = getattr(SQLiteCache, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            writes.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(SQLiteCache, name, counted)
    article = factories.make_article(factories.make_article_index(home_page), cover_image=factories.make_image())
    assert "<picture" in html(client, article.url)
    assert writes  # the renditions made by the first render are stored
    writes.clear()
    assert "<picture" in html(client, article.url)
    assert writes == []
