"""The index follows the page tree: publish, unpublish, delete, slug change, move and
privacy, of the page or of any ancestor (issue 15 point 5), on every engine here.

Before search.page_index, only the article's own publish/unpublish/delete reindexed it:
renaming or moving its section left hits at the old URL (the first two tests failed).
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from content.articles.models import ArticlePage
from search import index as search_index
from search.query import SearchQuery
from tests import factories

pytestmark = pytest.mark.django_db

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
#: a live cluster when ELASTICSEARCH_URL is set (test_elasticsearch_page_maintenance.py
#: checks the request bodies always)
ENGINES = (
    ["embedded"] + (["postgres"] if connection.vendor == "postgresql" else []) + (["elasticsearch"] if ES_URL else [])
)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): …`` — the index is written when the transaction commits; the test
    transaction never does, so run the on-commit callbacks at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(params=ENGINES)
def engine_settings(request, search_settings):
    search_settings.SEARCH_ENGINE = request.param
    if request.param == "postgres":
        search_index.get_engine().clear()
    if request.param == "elasticsearch":
        search_settings.ELASTICSEARCH_URL = ES_URL
        search_settings.ELASTICSEARCH_INDEX_PREFIX = f"anxin-test-{uuid.uuid4().hex[:8]}"
        search_settings.SEARCH_FALLBACK_ENGINE = ""
        search_index.get_engine().rebuild([])
        yield search_settings
        engine = search_index.get_engine()
        for name in engine.client.indices.get_alias(name=engine.alias):
            engine.client.indices.delete(index=name)
        return
    yield search_settings


def hit_urls(words: str) -> dict[str, str]:
    engine = search_index.get_engine()
    if hasattr(engine, "refresh"):
        engine.refresh()  # Elasticsearch: make the last writes searchable
    results = search_index.search(SearchQuery(q=words, per_page=50))
    return {hit.id: hit.url for hit in results.hits}


def republish(page):
    page.save_revision().publish()


def test_renaming_a_section_moves_its_articles_hits(engine_settings, home_page, commit):
    with commit():
        index = factories.make_article_index(home_page, slug="kepu")
        article = factories.make_article(index, title="冬季情绪低落怎么办", slug="dongji")
    assert hit_urls("冬季情绪低落") == {f"article:{article.pk}": "/kepu/dongji/"}

    with commit():
        index.slug = "articles"
        republish(index)

    assert hit_urls("冬季情绪低落") == {f"article:{article.pk}": "/articles/dongji/"}


def test_moving_an_article_moves_its_hit(engine_settings, home_page, commit):
    with commit():
        first = factories.make_article_index(home_page, slug="kepu")
        second = factories.make_article_index(home_page, slug="laoren")
        article = factories.make_article(first, title="老年人睡眠与情绪", slug="shuimian")
    assert hit_urls("老年人睡眠") == {f"article:{article.pk}": "/kepu/shuimian/"}

    with commit():
        article.move(second, pos="last-child")

    assert hit_urls("老年人睡眠") == {f"article:{article.pk}": "/laoren/shuimian/"}


def test_restricting_a_section_or_unpublishing_takes_articles_out(engine_settings, home_page, commit):
    with commit():
        index = factories.make_article_index(home_page, slug="kepu")
        article = factories.make_article(index, title="考试焦虑自助", slug="kaoshi")
        other = factories.make_article(factories.make_article_index(home_page), title="考试焦虑家长篇")
    assert set(hit_urls("考试焦虑")) == {f"article:{article.pk}", f"article:{other.pk}"}

    with commit():
        restriction = PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert set(hit_urls("考试焦虑")) == {f"article:{other.pk}"}

    with commit():
        restriction.delete()
    assert set(hit_urls("考试焦虑")) == {f"article:{article.pk}", f"article:{other.pk}"}

    with commit():
        ArticlePage.objects.get(pk=article.pk).unpublish()
    assert set(hit_urls("考试焦虑")) == {f"article:{other.pk}"}


def test_deleting_a_section_deletes_its_articles_hits(engine_settings, home_page, commit):
    with commit():
        index = factories.make_article_index(home_page, slug="kepu")
        article = factories.make_article(index, title="产后情绪低落", slug="chanhou")
    assert f"article:{article.pk}" in hit_urls("产后情绪")

    with commit():
        index.delete()

    assert hit_urls("产后情绪") == {}


def test_events_follow_their_index_too(engine_settings, home_page, commit):
    from content.events.models import EventIndexPage
    from tests.content.events.conftest import make_event  # the events tests' own factory

    with commit():
        area = factories.make_area("310114102", "南翔镇")
        org = factories.make_organization("南翔镇社区卫生服务中心", area=area)
        index = EventIndexPage(title="活动", slug="huodong")
        home_page.add_child(instance=index)
        republish(index)
        event = make_event(index, org, area, title="世界精神卫生日义诊")
    assert hit_urls("精神卫生日义诊") == {f"event:{event.pk}": f"/huodong/{event.slug}/"}

    with commit():
        index.slug = "events"
        republish(index)
    assert hit_urls("精神卫生日义诊") == {f"event:{event.pk}": f"/events/{event.slug}/"}
