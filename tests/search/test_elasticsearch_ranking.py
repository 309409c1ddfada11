"""Ranking and recall in the Elasticsearch request bodies and responses (no cluster):
the tier bonuses (exact, complete), ``minimum_should_match`` for "most", the
``partial`` flag read from the named queries. The live behaviour is in
``test_ranking_contract`` (with ELASTICSEARCH_URL)."""

from __future__ import annotations

import copy

from search.engines.base import TIER_GAP
from search.engines.elasticsearch import build_ids_search, build_search
from search.query import SearchQuery

from . import test_elasticsearch_unit as unit
from .test_elasticsearch_unit import FakeNode, fake_es  # noqa: F401  (the fake cluster fixture)


def bonuses(body: dict) -> dict[str, dict]:
    return {c["constant_score"]["_name"]: c["constant_score"] for c in body["query"]["bool"].get("should", [])}


def test_exact_words_get_a_tier_bonus_over_their_synonyms():
    body = build_search(SearchQuery(q="睡眠障碍")).to_dict()
    [word] = body["query"]["bool"]["must"]
    assert {"睡眠障碍", "失眠"} <= set(word["multi_match"]["query"].split())
    exact = bonuses(body)["exact"]
    assert exact["boost"] == TIER_GAP
    [typed] = exact["filter"]["bool"]["filter"]
    assert typed["multi_match"]["query"] == "睡眠障碍"
    assert typed["multi_match"]["fields"] == ["title^10", "summary^4", "body^1"]
    # the ids request ranks the same way
    assert bonuses(build_ids_search(SearchQuery(q="睡眠障碍"), limit=20).to_dict()) == bonuses(body)


def test_a_number_is_its_own_exact_clause():
    body = build_search(SearchQuery(q="962525")).to_dict()
    assert "热线" in body["query"]["bool"]["must"][0]["multi_match"]["query"].split()
    assert bonuses(body)["exact"]["filter"]["bool"]["filter"][0]["multi_match"]["query"] == "962525"


def test_words_without_synonyms_need_no_bonus():
    body = build_search(SearchQuery(q="永乐村")).to_dict()
    assert "should" not in body["query"]["bool"]


def test_most_needs_all_words_but_one_and_names_the_complete_matches():
    body = build_search(SearchQuery(q="老年人 失眠 嘉定", operator="most")).to_dict()
    [text] = body["query"]["bool"]["must"]
    assert text["bool"]["minimum_should_match"] == 2 and len(text["bool"]["should"]) == 3
    complete = bonuses(body)["complete"]
    assert complete["boost"] == 2 * TIER_GAP and complete["filter"]["bool"]["filter"] == text["bool"]["should"]
    assert "exact" in bonuses(body)  # 失眠 has synonyms


def test_partial_flag_comes_from_the_named_queries(fake_es, monkeypatch):  # noqa: F811
    FakeNode.aliases = {"t-search": ["t-search-1"]}
    response = copy.deepcopy(unit.SEARCH_RESPONSE)
    first, second = response["hits"]["hits"]
    first["matched_queries"], second["matched_queries"] = ["complete", "exact"], []
    monkeypatch.setattr(unit, "SEARCH_RESPONSE", response)
    most = fake_es.search(SearchQuery(q="心理咨询 老年人", operator="most"))
    assert [h.partial for h in most.hits] == [False, True]
    complete = fake_es.search(SearchQuery(q="心理咨询 老年人"))
    assert [h.partial for h in complete.hits] == [False, False]
