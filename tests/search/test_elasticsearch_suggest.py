"""Elasticsearch suggestions without a cluster: the mapping, the documents' completion
inputs (pinyin and initials included), the request body, and reading the options back."""

from __future__ import annotations

import pytest

from search.engines.elasticsearch import index_for, to_source
from search.engines.elasticsearch_suggest import build_suggest

from . import test_elasticsearch_unit as unit
from .conftest import doc
from .test_elasticsearch_unit import FakeNode, fake_es  # noqa: F401 - the fixture

SLEEP = doc("article:90", title="睡前放松练习", topics=["失眠"])


def option(text, source, weight=9000):
    return {"text": text, "_index": "t-search", "_id": "x", "_score": weight, "_source": source}


SUGGEST_RESPONSE = {
    "took": 1,
    "timed_out": False,
    "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
    "suggest": {
        "s": [
            {
                "text": "sm",
                "offset": 0,
                "length": 2,
                "options": [
                    option("sm", {"kind": "article", "display": {"title": "睡前放松练习", "topics": ["失眠"]}}),
                    option("sm", {"kind": "article", "display": {"title": "别的", "topics": ["失眠"]}}),
                    option(
                        "smzmbgssmdwgff",
                        {"kind": "article", "display": {"title": "失眠怎么办：改善睡眠的五个方法", "url": "/a/1/"}},
                        7000,
                    ),
                ],
            }
        ]
    },
}


def test_mapping_has_a_keyword_completion_field():
    mapping = index_for("x").to_dict()["mappings"]["properties"]["suggest"]
    assert mapping["type"] == "completion" and mapping["analyzer"] == "keyword"


def test_documents_carry_pinyin_and_initials_as_inputs():
    inputs = to_source(SLEEP)["suggest"]
    flat = {key: entry["weight"] for entry in inputs for key in entry["input"]}
    assert {"失眠", "shimian", "sm", "睡前放松练习", "shuiqianfangsonglianxi", "sqfslx"} <= set(flat)
    assert flat["失眠"] > flat["shimian"] > flat["sm"]  # the term, then its pinyin, then initials


def test_request_body_is_a_completion_suggester_on_the_normalised_key():
    body = build_suggest("Shi Mian", "t-search").to_dict()
    assert body["suggest"]["s"] == {
        "prefix": "shimian",
        "completion": {"field": "suggest", "size": 200, "skip_duplicates": False},
    }
    assert body["size"] == 0 and build_suggest("！？", "t-search") is None


def test_options_become_ranked_suggestions(fake_es, monkeypatch):  # noqa: F811
    monkeypatch.setattr(unit, "SEARCH_RESPONSE", SUGGEST_RESPONSE)
    found = fake_es.suggest("sm", 8)
    assert [s.text for s in found] == ["失眠", "失眠怎么办：改善睡眠的五个方法"]
    assert found[0].count == 2 and found[0].exact and found[0].url == ""
    assert found[1].url == "/a/1/"
    _method, path, body = FakeNode.calls[-1]
    assert path == "/t-search/_search" and body["suggest"]["s"]["prefix"] == "sm"
    assert fake_es.suggest("sm", 8, "service") == []


@pytest.mark.parametrize("typed", ["", "  ", "*"])
def test_nothing_typed_sends_nothing(fake_es, typed):  # noqa: F811
    FakeNode.calls = []
    assert fake_es.suggest(typed, 8) == [] and FakeNode.calls == []
