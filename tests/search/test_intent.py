"""Search intent (issue 15, point 3): a condition word brings the documents for its group.

An ``IntentRule`` maps phrases to a facet value (产后抑郁 → audience ``perinatal``). A
query containing one also finds the documents having that value although their text
lacks the word, ranked below the complete matches and above the partial ones, each with
its reason. Run on every local engine (PostgreSQL with DATABASE_URL=postgres://…);
Elasticsearch through its request body.
"""

from __future__ import annotations

import copy

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse

from content.home.roles import ROLE_EDITORS
from search import index as search_index
from search.analysis import analyze_query
from search.analysis.dictionaries import invalidate as invalidate_dictionaries
from search.engines.elasticsearch import build_ids_search, build_search
from search.engines.embedded import EmbeddedEngine
from search.models import IntentRule
from search.openapi import openapi_fragment
from search.query import SearchQuery

from . import test_elasticsearch_unit as unit
from .conftest import doc
from .test_elasticsearch_unit import FakeNode, fake_es  # noqa: F401  (the fake cluster fixture)

pytestmark = pytest.mark.django_db

HEADING = "为孕产妇提供服务的机构"


def intent_documents():
    return [
        doc("article:1", title="认识产后抑郁", body="产后抑郁很常见，家人的支持很重要。", audiences=["perinatal"]),
        doc("service:1", kind="service", title="孕产妇心理门诊", body="周二下午开诊。", audiences=["perinatal"]),
        doc("service:2", kind="service", title="社区老年心理服务站", body="陪伴老人聊天。", audiences=["elders"]),
        doc("service:3", kind="service", title="产后抑郁互助小组", body="每月一次。", audiences=[]),
        doc("service:4", kind="service", title="青年互助热线", body="倾听与陪伴。", audiences=["youth"]),
    ]


@pytest.fixture
def rule(db):
    # the shipped rules (migration search.0006) are in the test database
    found = IntentRule.objects.get(facet="audience", value="perinatal")
    assert "产后抑郁" in found.phrase_list()
    # the cached dictionaries may come from another test's database (or none): start afresh,
    # and leave none built from this test's rules (rolled back afterwards)
    invalidate_dictionaries()
    yield found
    invalidate_dictionaries()


@pytest.fixture(params=["embedded", "postgres"])
def engine(request, tmp_path, hotlines, rule):
    if request.param == "embedded":
        eng = EmbeddedEngine(tmp_path / "intent.sqlite3")
        eng.rebuild(intent_documents())
        yield eng
        eng.close()
        return
    if connection.vendor != "postgresql":
        pytest.skip("the test database is SQLite: the postgres engine runs with DATABASE_URL=postgres://…")
    from search.engines.postgres import PostgresEngine

    eng = PostgresEngine()
    eng.rebuild(intent_documents())
    yield eng


def found(engine, q, **kwargs):
    results = engine.search(SearchQuery(q=q, **kwargs))
    search_index.explain(results)
    return results


def ids(results):
    return [h.id for h in results.hits]


def test_the_rule_matches_after_normalisation(rule):
    assert analyze_query("產後抑鬱怎么办？").intents == [("audience", "perinatal")]
    assert analyze_query("产 后 抑 郁").intents == [("audience", "perinatal")]
    assert analyze_query("失眠").intents == []


def test_a_condition_brings_the_services_for_its_audience(engine):
    results = found(engine, "产后抑郁")
    order = ids(results)
    assert "service:1" in order, "孕产妇心理门诊 does not say 产后抑郁 but serves 孕产妇"
    hit = results.hits[order.index("service:1")]
    assert hit.intent and not hit.partial
    assert hit.reason == {"facet": "audience", "value": "perinatal", "label": "孕产妇", "text": HEADING}
    # the article and the service that say 产后抑郁 rank above it, without a reason
    assert order.index("article:1") < order.index("service:1")
    assert order.index("service:3") < order.index("service:1")
    assert results.hits[order.index("service:3")].reason is None
    # unrelated documents never appear
    assert "service:2" not in order and "service:4" not in order
    assert results.kind_counts["service"] == 2


def test_intent_hits_rank_above_partial_matches(engine):
    results = found(engine, "产后抑郁 互助", operator="most")
    order = ids(results)
    # complete (service:3), then the audience (service:1), then one word of two (service:4)
    assert order.index("service:3") < order.index("service:1") < order.index("service:4")
    flags = {h.id: (h.intent, h.partial) for h in results.hits}
    assert flags["service:1"] == (True, False) and flags["service:4"] == (False, True)
    assert "service:2" not in order


def test_filters_still_apply_and_the_kind_tab_counts_intent_hits(engine):
    assert ids(found(engine, "产后抑郁", kind="service", filters={"audience": ["elders"]})) == []
    assert set(ids(found(engine, "产后抑郁", kind="service"))) == {"service:3", "service:1"}


def test_a_rule_whose_value_no_document_has_does_nothing(engine, rule):
    IntentRule.objects.create(phrases="失眠", facet="audience", value="nobody-has-this")
    assert ids(found(engine, "失眠")) == []


def test_match_ids_needs_every_word(engine):
    # the directory's filter box narrows: no intent (``search.index.match_ids`` turns it off)
    assert set(engine.match_ids(SearchQuery(q="产后抑郁", use_intents=False))) == {"article:1", "service:3"}


# -- Elasticsearch: the request body -------------------------------------------------


def _find(node, name):
    """Every ``constant_score`` named ``name`` anywhere in a request body."""
    out = []
    if isinstance(node, dict):
        cs = node.get("constant_score")
        if isinstance(cs, dict) and cs.get("_name") == name:
            out.append(cs)
        for value in node.values():
            out.extend(_find(value, name))
    elif isinstance(node, list):
        for value in node:
            out.extend(_find(value, name))
    return out


def test_elasticsearch_body_has_the_audience_clause_with_its_boost(rule):
    from search.engines.base import TIER_GAP

    body = build_search(SearchQuery(q="产后抑郁")).to_dict()
    [intent] = _find(body, "intent")
    assert intent["boost"] == TIER_GAP
    [complete] = _find(body, "complete")
    assert complete["boost"] == 2 * TIER_GAP
    text = str(intent["filter"])
    assert "'audiences': ['perinatal']" in text and "'kind': 'service'" in text
    # recall: the text, or the audience (unscored)
    [recall] = body["query"]["bool"]["must"]
    assert recall["bool"]["minimum_should_match"] == 1
    assert any("audiences" in str(c) for c in recall["bool"]["should"])
    # the directory's ids never use the intent
    assert not _find(build_ids_search(SearchQuery(q="产后抑郁", use_intents=False), limit=20).to_dict(), "intent")


def test_elasticsearch_without_a_rule_the_body_is_unchanged(db):
    body = build_search(SearchQuery(q="永乐村")).to_dict()
    assert "should" not in body["query"]["bool"]


# -- the admin, the API and the page ----------------------------------------------------


@pytest.fixture
def editor_client(db):
    # the 编辑 role (content/home/roles.py) may add and change the search settings
    user = get_user_model().objects.create_user("intent-editor", "e@example.com", "pw")
    user.groups.add(Group.objects.get(name=ROLE_EDITORS))
    assert user.has_perm("search.change_intentrule") and not user.is_superuser
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def indexed(search_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        search_index.index_documents(intent_documents())
    return search_index.get_engine()


def form(rule, **changes):
    data = {"phrases": rule.phrases, "facet": rule.facet, "value": rule.value, "note": rule.note, "enabled": "on"}
    data.update(changes)
    return data


def test_editing_the_rule_in_the_admin_takes_effect(indexed, editor_client, rule):
    assert "service:1" not in ids(search_index.search("哺乳困难"))
    url = reverse("wagtailsnippets_search_intentrule:edit", args=[rule.pk])
    response = editor_client.post(url, form(rule, phrases=rule.phrases + "，哺乳困难"))
    assert response.status_code == 302, response.content.decode()[:2000]
    hit = next(h for h in search_index.search("哺乳困难").hits if h.id == "service:1")
    assert hit.reason["label"] == "孕产妇"
    # disabling it takes effect too
    editor_client.post(url, form(IntentRule.objects.get(pk=rule.pk), enabled=""))
    assert "service:1" not in ids(search_index.search("产后抑郁"))


def test_the_admin_refuses_an_unknown_facet_or_value(editor_client, rule):
    add = reverse("wagtailsnippets_search_intentrule:add")
    before = IntentRule.objects.count()
    response = editor_client.post(add, form(rule, facet="mood"))
    assert response.status_code == 200 and "mood 不在可用的选项中" in response.content.decode()
    response = editor_client.post(add, form(rule, value="martians"))
    assert response.status_code == 200 and "martians 不在可用的选项中" in response.content.decode()
    # a value of another facet (a service kind offered under 适合人群)
    response = editor_client.post(add, form(rule, value="hospital_clinic"))
    assert response.status_code == 200 and "这个分面没有值" in response.content.decode()
    assert IntentRule.objects.count() == before


def test_the_admin_offers_facets_and_values_by_their_chinese_labels(editor_client, rule):
    html = editor_client.get(reverse("wagtailsnippets_search_intentrule:add")).content.decode()
    assert '<option value="audience">适合人群</option>' in html
    assert '<optgroup label="适合人群">' in html and '<optgroup label="机构类型">' in html
    assert ">孕产妇</option>" in html
    listing = editor_client.get(reverse("wagtailsnippets_search_intentrule:list")).content.decode()
    assert "→ 适合人群：孕产妇" in listing and "audience=perinatal" not in listing


def test_match_ids_of_the_search_layer_never_use_the_intent(indexed, rule):
    assert set(search_index.match_ids(SearchQuery(q="产后抑郁"))) == {"article:1", "service:3"}
    assert "service:1" in ids(search_index.search("产后抑郁"))


def test_api_and_page_say_why(indexed, rule):
    data = Client().get("/api/v1/search", {"q": "产后抑郁"}).json()
    reasons = {r["id"]: r["reason"] for r in data["results"]}
    assert reasons["service:1"] == {"facet": "audience", "value": "perinatal", "label": "孕产妇", "text": HEADING}
    assert reasons["service:3"] is None and reasons["article:1"] is None
    page = Client().get("/search/", {"q": "产后抑郁"}).content.decode()
    assert page.count(HEADING) == 1
    # (产后抑郁 is highlighted in the title: <mark>产后抑郁</mark>互助小组)
    assert page.index("互助小组") < page.index(HEADING) < page.index("孕产妇心理门诊")
    assert HEADING not in Client().get("/search/", {"q": "互助"}).content.decode()


def test_openapi_describes_the_reason():
    fragment = openapi_fragment()
    operation = fragment["paths"]["/api/v1/search"]["get"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["properties"]["results"]["items"] == {"$ref": "#/components/schemas/SearchResult"}
    result = fragment["components"]["schemas"]["SearchResult"]
    assert "reason" in result["required"]
    null, reason = result["properties"]["reason"]["oneOf"]
    assert null == {"type": "null"}
    assert set(reason["required"]) == {"facet", "value", "label", "text"}


def test_elasticsearch_intent_flag_comes_from_the_named_queries(fake_es, monkeypatch, rule):  # noqa: F811
    FakeNode.aliases = {"t-search": ["t-search-1"]}
    response = copy.deepcopy(unit.SEARCH_RESPONSE)
    first, second = response["hits"]["hits"]
    first["matched_queries"], second["matched_queries"] = ["complete", "exact"], ["intent"]
    monkeypatch.setattr(unit, "SEARCH_RESPONSE", response)
    results = fake_es.search(SearchQuery(q="产后抑郁"))
    assert [(h.intent, h.partial) for h in results.hits] == [(False, False), (True, False)]


def test_a_rule_change_re_renders_cached_search_pages(
    indexed, rule, settings, client, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    settings.ANXIN_PAGE_CACHE_SECONDS = 300
    settings.ANXIN_PAGE_CACHE_STALE_SECONDS = 0
    cache.clear()
    url = "/search/?q=哺乳困难"
    assert client.get(url)["X-Anxin-Cache"] == "miss"
    assert client.get(url)["X-Anxin-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        rule.phrases += "，哺乳困难"
        rule.save()
    response = client.get(url)
    assert response["X-Anxin-Cache"] == "miss"
    assert HEADING in response.content.decode()
    cache.clear()


def test_a_rule_change_invalidates_the_dictionaries_again_once_committed(rule, django_capture_on_commit_callbacks):
    from anxin.cache import generations
    from search.analysis.dictionaries import GENERATION

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rule.save()
    before = generations.get(GENERATION)
    for callback in callbacks:
        callback()
    assert generations.get(GENERATION) != before, "a process that rebuilt before the commit must rebuild again"
