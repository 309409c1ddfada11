"""Suggestions and pinyin: one contract for every engine (issue 15 point 4).

Runs on the engines of ``test_engine_contract`` (embedded always, postgres with a
PostgreSQL ``DATABASE_URL``, Elasticsearch with ``ELASTICSEARCH_URL``).
"""

from __future__ import annotations

import pytest

from search.query import SearchQuery

from .conftest import doc
from .test_engine_contract import engine, refresh  # noqa: F401 - the engine fixture

SLEEP = doc("article:90", title="如何应对长期睡眠问题", topics=["失眠", "压力"], summary="作息。")
SLEEP_TOO = doc("article:91", title="睡前放松练习", topics=["失眠"])


@pytest.fixture
def eng(engine):  # noqa: F811 - the fixture imported above
    engine.index([SLEEP, SLEEP_TOO])
    refresh(engine)
    return engine


def texts(found):
    return [s.text for s in found]


@pytest.mark.parametrize("typed", ["失眠", "shimian", "shi mian", "SHIMIAN", "sm", "shim", "失"])
def test_pinyin_full_initials_and_characters_suggest_the_topic_first(eng, typed):
    found = eng.suggest(typed, 8)
    assert found and found[0].text == "失眠", texts(found)
    assert found[0].field == "topic" and found[0].count == 2 and found[0].url == ""


def test_titles_that_start_with_or_contain_what_was_typed(eng):
    found = texts(eng.suggest("失眠", 8))
    assert "失眠怎么办：改善睡眠的五个方法" in found  # starts with
    contains = eng.suggest("咨询室", 8)
    assert "南翔镇永乐村心理咨询室" in texts(contains)
    assert contains[0].kind == "service"
    # a document's title carries its URL
    hit = next(s for s in contains if s.text == "南翔镇永乐村心理咨询室")
    assert hit.url == "/service/10/"


def test_pinyin_of_a_later_word_and_kind_filter(eng):
    assert "如何应对长期睡眠问题" in texts(eng.suggest("changqi", 8))
    assert all(s.kind == "service" for s in eng.suggest("xinli", 8, "service"))
    assert eng.suggest("xinli", 8, "service")


def test_deleting_documents_removes_terms_nobody_offers(eng):
    eng.delete(["article:91"])
    refresh(eng)
    assert eng.suggest("sm", 8)[0].count == 1
    eng.delete(["article:90"])
    refresh(eng)
    assert "失眠" not in texts(eng.suggest("shimian", 8))
    assert "睡前放松练习" not in texts(eng.suggest("睡前", 8))


def test_reindexing_a_document_does_not_count_it_twice(eng):
    eng.index([SLEEP])
    refresh(eng)
    assert eng.suggest("失眠", 8)[0].count == 2


@pytest.mark.parametrize("typed", ["", "   ", "！？", '"*', "x" * 600, "AND OR NEAR("])
def test_odd_input_gives_a_list(eng, typed):
    assert isinstance(eng.suggest(typed, 8), list)


def test_limit(eng):
    assert len(eng.suggest("x", 2)) <= 2


def test_search_of_pinyin_that_matches_nothing_searches_its_term(eng, settings, monkeypatch):
    from search import index

    monkeypatch.setattr(index, "get_engine", lambda *a, **k: eng)
    results = index.search(SearchQuery(q="shimian"))
    assert results.searched_as == "失眠"
    assert "article:1" in [h.id for h in results.hits]  # its title has 失眠
    crisis = index.search(SearchQuery(q="buxianghuole"))
    assert crisis.crisis
