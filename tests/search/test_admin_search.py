"""Wagtail's own admin search finds Chinese words, on SQLite and on PostgreSQL (issue 5).

Everything goes through the real admin URLs with a logged-in superuser, so these
tests cover the backend factory, the indexer (pages are indexed on publish) and the
query compiler together. Run them with and without DATABASE_URL.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from modelsearch.backends import get_search_backend

from search import admin_backend
from tests import factories

pytestmark = pytest.mark.django_db

SLEEP_TITLE = "如何应对长期失眠的困扰"
ANXIETY_TITLE = "考前紧张怎么办"
MOOD_TITLE = "老人情绪低落的信号"


def page_search(client, q: str) -> str:
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def articles(article_index, elders):
    def make(title, body):
        return factories.make_article(
            article_index,
            audiences=[elders],
            title=title,
            summary="自助方法。",
            body=[("paragraph", f"<p>{body}</p>")],
        )

    return {
        "sleep": make(SLEEP_TITLE, "夜里常常醒来，白天没有精神。"),
        "anxiety": make(ANXIETY_TITLE, "考试前很焦虑，可以试试呼吸练习 Mindfulness breathing。"),
        "mood": make(MOOD_TITLE, "长期忧郁要及时就医。"),
        "body_only": make("一篇关于睡眠的文章", "我最近总是失眠，晚上很难入睡。"),
    }


def test_the_backend_matches_the_database():
    backend = get_search_backend()
    expected = {
        "sqlite": "search.admin_backend_sqlite.ChineseSQLiteSearchBackend",
        "postgresql": "search.admin_backend_postgres.ChinesePostgresSearchBackend",
    }[connection.vendor]
    assert f"{type(backend).__module__}.{type(backend).__name__}" == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search config")
def test_postgres_index_uses_the_simple_config_and_segmented_tokens(articles):
    from modelsearch.conf import get_app_config

    IndexEntry = get_app_config().get_model("IndexEntry")  # wagtail.search's, in Wagtail 8
    backend = get_search_backend()
    assert backend.config == backend.autocomplete_config == "simple"
    entry = IndexEntry.objects.get(object_id=str(articles["sleep"].pk), content_type__model="articlepage")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(title), tsvector_to_array(autocomplete), tsvector_to_array(body) "
            f"FROM {IndexEntry._meta.db_table} WHERE id = %s",
            [entry.pk],
        )
        title, autocomplete, body = cursor.fetchone()
    assert "失眠" in title and "困扰" in title  # words, not the whole sentence
    assert "失眠" in autocomplete and "醒来" in autocomplete  # title and body both autocomplete
    assert "醒来" in body and "精神" in body


def test_a_two_character_word_inside_a_sentence_title_is_found(admin_client, articles):
    html = page_search(admin_client, "失眠")
    assert SLEEP_TITLE in html
    assert "一篇关于睡眠的文章" in html  # 失眠 only in its body: 我最近总是失眠
    assert ANXIETY_TITLE not in html
    assert MOOD_TITLE not in html


def test_a_word_inside_the_body_is_found(admin_client, articles):
    html = page_search(admin_client, "醒来")
    assert SLEEP_TITLE in html
    assert "一篇关于睡眠的文章" not in html
    # body-only match, several words at once (all must match), and a traditional query
    html = page_search(admin_client, "總是失眠")
    assert "一篇关于睡眠的文章" in html
    assert SLEEP_TITLE not in html  # its body does not say 总是


@pytest.mark.parametrize(("query", "title"), [("焦慮", ANXIETY_TITLE), ("憂鬱", MOOD_TITLE), ("情緒低落", MOOD_TITLE)])
def test_a_traditional_query_finds_simplified_text(admin_client, articles, query, title):
    html = page_search(admin_client, query)
    assert title in html
    assert SLEEP_TITLE not in html


def test_the_last_word_is_a_prefix_as_in_stock_autocomplete(admin_client, articles):
    html = page_search(admin_client, "焦")
    assert ANXIETY_TITLE in html
    assert SLEEP_TITLE not in html


@pytest.mark.parametrize("query", ["骨折", "阿尔茨海默病", "xyzzy", "？！…"])
def test_a_query_that_matches_nothing_finds_nothing(admin_client, articles, query):
    html = page_search(admin_client, query)
    for title in (SLEEP_TITLE, ANXIETY_TITLE, MOOD_TITLE, "一篇关于睡眠的文章"):
        assert title not in html


@pytest.mark.parametrize("query", ["mindfulness", "MINDFULNESS", "Mindful", "ｍｉｎｄｆｕｌｎｅｓｓ", "breathing"])
def test_latin_words_still_work(admin_client, articles, query):
    html = page_search(admin_client, query)
    assert ANXIETY_TITLE in html
    assert SLEEP_TITLE not in html


def test_snippet_search_finds_a_word_inside_a_name(admin_client):
    # The snippet viewsets pass search_fields (["name"]); stock modelsearch then searched
    # raw model columns on PostgreSQL and crashed on SQLite ("no such column: name").
    factories.make_organization("上海市精神卫生中心")
    factories.make_organization("北京安定医院")
    url = reverse("wagtailsnippets_reference_organization:list")
    response = admin_client.get(url, {"q": "精神卫生"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "上海市精神卫生中心" in html
    assert "北京安定医院" not in html
    assert "北京安定医院" in admin_client.get(url, {"q": "安定醫院"}).content.decode()


def test_deleting_a_page_in_the_admin_works_and_drops_it_from_the_index(admin_client, articles):
    # Regression: importing the SQLite models on PostgreSQL made every page delete fail
    # with LookupError.
    page = articles["sleep"]
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain  # and the "page deleted" message is used up here
    assert not type(page).objects.filter(pk=page.pk).exists()
    html = page_search(admin_client, "失眠")
    assert SLEEP_TITLE not in html
    assert "一篇关于睡眠的文章" in html


def test_update_index_turns_a_stock_index_into_a_segmented_one(admin_client, articles):
    # An index written by modelsearch's own backend (what a database had before this
    # backend) holds whole sentences; Wagtail's update_index rewrites it.
    from modelsearch.backends.database import SearchBackend as StockBackend

    stock = StockBackend({})
    for page in articles.values():
        stock.add(page.specific)
    assert SLEEP_TITLE not in page_search(admin_client, "失眠")
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    assert SLEEP_TITLE in page_search(admin_client, "失眠")


def test_query_analysis_matches_the_index():
    assert admin_backend.segment_for_query("總是失眠") == "总是 失眠"
    assert "失眠" in admin_backend.segment_for_index(SLEEP_TITLE).split()
