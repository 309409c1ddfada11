"""One behaviour contract, run against every engine.

``embedded`` always runs. ``postgres`` runs when the test database is PostgreSQL
(``DATABASE_URL=postgres://…``); on SQLite it is skipped with the reason shown.
``elasticsearch`` runs when ELASTICSEARCH_URL points at a live cluster
(Elasticsearch 8 or 9); otherwise it is skipped with the reason shown.
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.db import connection

from search.engines.embedded import EmbeddedEngine
from search.query import SearchQuery

from .conftest import doc, sample_documents

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture(params=["embedded", "postgres", "elasticsearch"])
def engine(request, tmp_path, settings):
    if request.param == "embedded":
        eng = EmbeddedEngine(tmp_path / "contract.sqlite3")
        eng.rebuild(sample_documents())
        yield eng
        eng.close()
        return
    if request.param == "postgres":
        if connection.vendor != "postgresql":
            pytest.skip(
                "the test database is SQLite: the postgres engine runs with "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/anxin_test"
            )
        request.getfixturevalue("db")  # the index table lives in the test database
        from search.engines.postgres import PostgresEngine

        eng = PostgresEngine()
        eng.rebuild(sample_documents())
        yield eng
        return
    if not ES_URL:
        pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch cluster to run the contract against")
    from search.engines.elasticsearch import ElasticsearchEngine

    eng = ElasticsearchEngine(ES_URL, prefix=f"anxin-test-{uuid.uuid4().hex[:8]}")
    eng.rebuild(sample_documents())
    yield eng
    for name in eng.client.indices.get_alias(name=eng.alias):
        eng.client.indices.delete(index=name, ignore_unavailable=True)


def refresh(engine):
    if hasattr(engine, "refresh"):
        engine.refresh()


def ids(results):
    return [h.id for h in results.hits]


def run(engine, q="", **kwargs):
    return engine.search(SearchQuery(q=q, **kwargs))


def test_finds_a_two_character_word_inside_a_sentence(engine):
    assert "article:1" in ids(run(engine, "失眠"))


def test_synonyms_find_each_other(engine):
    # 睡不着 is only in the body of article:1 and article:3; 失眠 is a synonym
    found = ids(run(engine, "睡不着"))
    assert {"article:1", "article:3"} <= set(found)
    assert "article:2" in ids(run(engine, "情绪低落")) and "article:2" in ids(run(engine, "抑郁"))
    assert "article:4" in ids(run(engine, "网瘾"))


def test_traditional_and_full_width_queries(engine):
    assert "article:1" in ids(run(engine, "睡不著"))
    assert "article:2" in ids(run(engine, "產後抑鬱"))
    assert ids(run(engine, "ＡＢＣ")) == []


def test_title_outranks_body(engine):
    # 焦虑 is in the title of article:5; 焦虑 appears only in the summary of service:11
    found = ids(run(engine, "焦虑"))
    assert found[0] == "article:5"
    assert "service:11" in found


def test_every_word_must_match(engine):
    assert ids(run(engine, "产后 网络游戏")) == []


def test_kind_filter_and_tab_counts(engine):
    results = run(engine, "心理咨询", kind="service")
    assert results.hits and all(h.kind == "service" for h in results.hits)
    assert results.kind_counts["service"] == results.total
    assert results.kind_counts["article"] >= 1  # tabs still count the other kinds


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        ("31", {"service:10", "service:11", "service:12"}),
        ("310114", {"service:10", "service:11"}),
        ("310114102", {"service:10"}),
        ("11", {"service:13"}),
    ],
)
def test_area_filter_matches_any_ancestor(engine, area, expected):
    results = run(engine, "", kind="service", filters={"area": [area]})
    assert set(ids(results)) == expected


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("audience", "perinatal", {"article:2"}),
        ("topic", "internet", {"article:4"}),
        ("service_kind", "clinic", {"service:11", "service:12"}),
        ("service", "hotline", {"service:11"}),
    ],
)
def test_filters(engine, name, value, expected):
    assert set(ids(run(engine, "", filters={name: [value]}))) == expected


def test_filters_combine_with_text(engine):
    results = run(engine, "心理咨询", filters={"audience": ["elders"], "area": ["310114"]})
    assert set(ids(results)) == {"service:10"}


def test_facet_counts(engine):
    results = run(engine, "", filters={"audience": ["elders"]})
    facets = dict(results.facets["audience"])
    assert facets["elders"] == results.total == 6
    assert facets["youth"] == 1  # service:11 serves both
    assert results.kind_counts == {"article": 2, "service": 3, "event": 1, "questionnaire": 0}
    # area facet shows the first level that splits the results
    assert dict(results.facets["area"]) == {"31": 3, "11": 1}


def test_area_facet_goes_one_level_down(engine):
    results = run(engine, "", kind="service", filters={"area": ["310114"]})
    assert dict(results.facets["area"]) == {"310114102": 1, "310114103": 1}


def test_nearest_first(engine):
    # from Jiading town centre: 南翔 (~8 km) before 安亭 (~9 km) before 徐汇 (~22 km) before Beijing
    results = run(engine, "", kind="service", near=(31.35, 121.25))
    assert ids(results) == ["service:10", "service:11", "service:12", "service:13"]
    distances = [h.distance_km for h in results.hits]
    assert distances == sorted(distances)
    assert 5 < distances[0] < 12 and distances[-1] > 1000


def test_radius_limits_distance(engine):
    results = run(engine, "", kind="service", near=(31.35, 121.25), radius_km=15)
    assert set(ids(results)) == {"service:10", "service:11"}


def test_near_puts_located_documents_first(engine):
    results = run(engine, "心理咨询", near=(31.35, 121.25))
    kinds = [h.kind for h in results.hits]
    located = [h for h in results.hits if h.location]
    assert located and kinds.index("article") > len(located) - 1


def test_pagination(engine):
    first = run(engine, "", filters={"area": ["31"]}, per_page=2, page=1)
    second = run(engine, "", filters={"area": ["31"]}, per_page=2, page=2)
    third = run(engine, "", filters={"area": ["31"]}, per_page=2, page=3)
    assert first.total == 4 and first.num_pages == 2
    assert len(first.hits) == 2 and len(second.hits) == 2 and third.hits == []
    assert not set(ids(first)) & set(ids(second))


def test_results_carry_display_values(engine):
    hit = run(engine, "永乐村")
    hit = next(h for h in hit.hits if h.id == "service:10")
    assert hit.title == "南翔镇永乐村心理咨询室"
    assert hit.url == "/service/10/"
    assert hit.phones[0]["number"] == "021-59120000"
    assert hit.location == pytest.approx((31.298, 121.317))


def test_update_replaces_and_delete_is_idempotent(engine):
    engine.index([doc("article:1", title="正念练习入门", summary="", body="")])
    refresh(engine)
    assert "article:1" not in ids(run(engine, "失眠"))
    assert "article:1" in ids(run(engine, "正念"))
    engine.delete(["article:1", "article:999"])
    engine.delete(["article:1"])
    refresh(engine)
    assert "article:1" not in ids(run(engine, "正念"))


def test_moving_a_service_to_another_area(engine):
    moved = next(d for d in sample_documents() if d.id == "service:13")
    moved.areas = ["31", "3101", "310104"]
    engine.index([moved])
    refresh(engine)
    assert "service:13" in ids(run(engine, "", filters={"area": ["310104"]}))
    assert "service:13" not in ids(run(engine, "", filters={"area": ["11"]}))


def test_nothing_to_search_returns_nothing(engine):
    results = run(engine, "")
    assert results.total == 0 and results.hits == []
    assert run(engine, "的 了").hits == []


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "AND",
        "OR NOT",
        "NEAR(失眠 焦虑)",
        "失眠*",
        "^失眠",
        "title:失眠",
        "body : x",
        "'; DROP TABLE docs; --",
        "\x00失眠",
        "😀",
        "失眠" * 5000,
        "{title summary}: 失眠",
        "- + ( ) :",
    ],
)
def test_hostile_queries_are_just_words(engine, q):
    results = run(engine, q)
    assert results.total >= 0
    if "失眠" in q:
        # operator words are plain words: with "any word" matching 失眠 still finds the article
        assert "article:1" in ids(run(engine, q, operator="or"))


def test_any_word_mode(engine):
    assert ids(run(engine, "产后 网络游戏")) == []
    assert {"article:2", "article:4"} <= set(ids(run(engine, "产后 网络游戏", operator="or")))


def test_match_ids_follow_text_kind_and_filters_best_first(engine):
    q = SearchQuery(q="心理咨询", kind="service")
    matched = engine.match_ids(q)
    assert set(matched) == {h.id for h in engine.search(SearchQuery(q="心理咨询", kind="service", per_page=50)).hits}
    assert set(matched) >= {"service:10", "service:13"} and all(i.startswith("service:") for i in matched)
    assert engine.match_ids(SearchQuery(q="心理咨询", kind="service", filters={"area": ["310114"]})) == [
        i for i in matched if i in {"service:10", "service:11"}
    ]
    assert engine.match_ids(SearchQuery(q="心理咨询", kind="service"), limit=1) == matched[:1]
    assert engine.match_ids(SearchQuery(q="永乐村", kind="service")) == ["service:10"]
    assert engine.match_ids(SearchQuery(q="产后 网络游戏")) == []
    assert engine.match_ids(SearchQuery(q="")) == []
