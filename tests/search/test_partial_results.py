"""Recall (issue 15 point 2) through the public API and page: when fewer than a page of
documents match every word, those matching all words but one follow them, flagged
``partial`` in the API and below a divider on /search/."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from search.index import get_engine, search
from search.openapi import openapi_fragment

from .conftest import sample_documents

pytestmark = pytest.mark.django_db

DIVIDER = "以下结果只包含部分关键词"


@pytest.fixture
def indexed(search_settings, hotlines):
    engine = get_engine("embedded")
    engine.rebuild(sample_documents())
    return engine


def test_api_lists_complete_matches_then_partial_ones(indexed):
    data = Client().get("/api/v1/search", {"q": "老年人 失眠"}).json()
    flags = [r["partial"] for r in data["results"]]
    assert False in flags and True in flags
    assert flags == sorted(flags), "complete matches first"
    partial = {r["id"] for r in data["results"] if r["partial"]}
    # 老年人 without anything about sleep: the directory entry and the event follow below
    assert {"service:10", "event:20"} <= partial
    assert data["total"] == len(data["results"])


def test_no_partial_matches_when_a_page_matches_every_word(indexed):
    results = search("老年人 失眠", per_page=2)
    assert results.query.operator == "and" and results.total >= 2
    assert not any(h.partial for h in results.hits)


def test_a_single_word_has_no_partial_matches(indexed):
    data = Client().get("/api/v1/search", {"q": "失眠"}).json()
    assert data["results"] and not any(r["partial"] for r in data["results"])


def test_nothing_shared_by_most_words_falls_back_to_any_word(indexed):
    data = Client().get("/api/v1/search", {"q": "产后 网络游戏 正念"}).json()
    assert {"article:2", "article:4"} <= {r["id"] for r in data["results"]}
    assert all(r["partial"] for r in data["results"])


def test_page_shows_the_divider_between_complete_and_partial(indexed):
    html = Client().get("/search/", {"q": "老年人 失眠"}).content.decode()
    assert html.count(DIVIDER) == 1
    before, after = html.split(DIVIDER)
    assert "/article/1/" in before and "/service/10/" in after and "/service/10/" not in before
    assert re.search(r'class="search-hits search-hits--partial"', after)
    assert DIVIDER not in Client().get("/search/", {"q": "失眠"}).content.decode()


def test_openapi_describes_the_partial_flag():
    fragment = openapi_fragment()
    operation = fragment["paths"]["/api/v1/search"]["get"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["properties"]["results"]["items"] == {"$ref": "#/components/schemas/SearchResult"}
    result = fragment["components"]["schemas"]["SearchResult"]
    assert result["properties"]["partial"]["type"] == "boolean" and "partial" in result["required"]
