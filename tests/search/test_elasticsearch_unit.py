"""Elasticsearch engine without a cluster: mappings, request bodies, alias swap, fallback."""

from __future__ import annotations

import json
import logging

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch

from search import index as search_index
from search import registry
from search.engines.elasticsearch import (
    ElasticsearchEngine,
    SearchDoc,
    build_ids_search,
    build_search,
    index_for,
    to_source,
)
from search.query import SearchQuery

from .conftest import sample_documents


class FakeNode(BaseNode):
    """Records every request and answers from a small script of canned responses."""

    calls: list[tuple[str, str, object]] = []
    aliases: dict[str, list[str]] = {}

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        path, _, _query = target.partition("?")
        text = body.decode() if body else None
        parsed: object = None
        if text:
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = [json.loads(line) for line in text.splitlines() if line.strip()]
        FakeNode.calls.append((method, path, parsed))
        status, payload = 200, {"acknowledged": True}
        parts = path.strip("/").split("/")
        if method == "HEAD" and parts[0] == "_alias":
            status = 200 if FakeNode.aliases.get(parts[1]) else 404
            payload = {}
        elif method == "GET" and parts[0] == "_alias":
            payload = {name: {"aliases": {parts[1]: {}}} for name in FakeNode.aliases.get(parts[1], [])}
        elif path.endswith("/_bulk"):
            items = [line for line in parsed if isinstance(line, dict) and ({"index", "delete"} & set(line))]
            payload = {
                "errors": False,
                "took": 1,
                "items": [{next(iter(i)): {"status": 200, "_id": i[next(iter(i))]["_id"]}} for i in items],
            }
        elif path.endswith("/_search"):
            payload = SEARCH_RESPONSE
        elif path == "/_aliases":
            for action in parsed["actions"]:
                for verb, spec in action.items():
                    names = FakeNode.aliases.setdefault(spec["alias"], [])
                    if verb == "add":
                        names.append(spec["index"])
                    elif spec["index"] in names:
                        names.remove(spec["index"])
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"}),
            duration=0.0,
            node=self.config,
        )
        return NodeApiResponse(meta, json.dumps(payload).encode())


SEARCH_RESPONSE = {
    "took": 1,
    "timed_out": False,
    "hits": {
        "total": {"value": 2, "relation": "eq"},
        "max_score": 3.0,
        "hits": [
            {
                "_id": "service:10",
                "_score": 3.0,
                "sort": [7.9, 3.0],
                "_source": {
                    "kind": "service",
                    "areas": ["31", "310114"],
                    "location": {"lat": 31.298, "lon": 121.317},
                    "display": {
                        "title": "南翔镇永乐村心理咨询室",
                        "url": "/service/10/",
                        "summary": "s",
                        "phones": [{"number": "021-59120000", "tel": "02159120000"}],
                    },
                },
            },
            {
                "_id": "service:11",
                "_score": 2.0,
                "sort": [9.1, 2.0],
                "_source": {
                    "kind": "service",
                    "areas": ["31", "310114"],
                    "location": {"lat": 31.294, "lon": 121.16},
                    "display": {"title": "安亭镇心理门诊", "url": "/service/11/"},
                },
            },
        ],
    },
    "aggregations": {
        "kinds": {"buckets": [{"key": "service", "doc_count": 2}, {"key": "article", "doc_count": 3}]},
        "selected": {
            "doc_count": 2,
            "audience": {"buckets": [{"key": "elders", "doc_count": 2}]},
            "topic": {"buckets": []},
            "area": {
                "buckets": [
                    {"key": "31", "doc_count": 2},
                    {"key": "310114", "doc_count": 2},
                    {"key": "310114102", "doc_count": 1},
                    {"key": "310114103", "doc_count": 1},
                ]
            },
            "service_kind": {"buckets": [{"key": "clinic", "doc_count": 1}]},
            "service": {"buckets": []},
        },
    },
}


@pytest.fixture
def fake_es():
    FakeNode.calls = []
    FakeNode.aliases = {}
    client = Elasticsearch("http://es.invalid:9200", node_class=FakeNode)
    return ElasticsearchEngine("http://es.invalid:9200", prefix="t", client=client)


def test_mapping_uses_whitespace_analyzer_keywords_and_geo_point():
    body = index_for("t-search-1").to_dict()
    analyzer = body["settings"]["analysis"]["analyzer"]["anxin_pre_analysed"]
    assert analyzer == {"type": "custom", "tokenizer": "whitespace"}
    props = body["mappings"]["properties"]
    for field in ("title", "summary", "body"):
        assert props[field] == {"type": "text", "analyzer": "anxin_pre_analysed"}
    for field in ("kind", "audiences", "topics", "areas", "service_kind", "service"):
        assert props[field] == {"type": "keyword"}
    assert props["location"] == {"type": "geo_point"}
    assert props["display"] == {"type": "object", "enabled": False}
    assert SearchDoc._index._name == "anxin-search"


def test_documents_are_sent_pre_analysed():
    source = to_source(sample_documents()[0])
    assert "失眠" in source["title"].split() and "睡不着" in source["body"].split()
    assert source["display"]["title"] == "失眠怎么办：改善睡眠的五个方法"
    service = to_source(sample_documents()[5])
    assert service["location"] == {"lat": 31.298, "lon": 121.317}
    assert service["areas"] == ["31", "3101", "310114", "310114102"]


def test_search_body():
    body = build_search(
        SearchQuery(
            q="睡不著 老年人",
            kind="service",
            filters={"area": ["310114"]},
            near=(31.35, 121.25),
            radius_km=20,
            page=2,
            per_page=10,
        )
    ).to_dict()
    must = body["query"]["bool"]["must"]
    assert len(must) == 2
    first = must[0]["multi_match"]
    assert set(first["query"].split()) >= {"睡不着", "失眠"}
    assert first["fields"] == ["title^10", "summary^4", "body^1"]
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"areas": ["310114"]}} in filters
    assert {"geo_distance": {"distance": "20km", "location": {"lat": 31.35, "lon": 121.25}}} in filters
    assert body["post_filter"] == {"term": {"kind": "service"}}
    assert body["aggs"]["kinds"] == {"terms": {"field": "kind", "size": len(registry.kind_names())}}
    assert body["aggs"]["selected"]["filter"] == {"term": {"kind": "service"}}
    assert body["aggs"]["selected"]["aggs"]["area"]["terms"]["field"] == "areas"
    assert body["sort"][0]["_geo_distance"]["location"] == {"lat": 31.35, "lon": 121.25}
    assert body["from"] == 10 and body["size"] == 10
    assert body["track_total_hits"] == 500


def test_ids_body_has_no_aggregations_source_or_geo():
    body = build_ids_search(
        SearchQuery(q="心理咨询室", kind="service", filters={"audience": ["elders"]}, near=(31.3, 121.2), radius_km=5),
        limit=500,
    ).to_dict()
    assert body["_source"] is False and "aggs" not in body and "sort" not in body and "post_filter" not in body
    assert body["size"] == 500 and body["track_total_hits"] is False
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"audiences": ["elders"]}} in filters and {"term": {"kind": "service"}} in filters
    assert not any("geo_distance" in f for f in filters)


def test_match_ids_reads_ids_in_order(fake_es):
    FakeNode.aliases = {"t-search": ["t-search-1"]}
    assert fake_es.match_ids(SearchQuery(q="心理咨询", kind="service"), limit=20) == ["service:10", "service:11"]
    _m, path, body = next(c for c in FakeNode.calls if c[1].endswith("/_search"))
    assert path == "/t-search/_search" and body["size"] == 20 and body["_source"] is False


def test_any_word_body():
    body = build_search(SearchQuery(q="产后 网瘾", operator="or")).to_dict()
    [text] = body["query"]["bool"]["must"]
    assert text["bool"]["minimum_should_match"] == 1 and len(text["bool"]["should"]) == 2


def test_rebuild_creates_a_new_index_and_swaps_the_alias_atomically(fake_es):
    FakeNode.aliases = {"t-search": ["t-search-old"]}
    count = fake_es.rebuild(sample_documents())
    assert count == len(sample_documents())
    methods = [(m, p) for m, p, _b in FakeNode.calls]
    created = next(p for m, p in methods if m == "PUT" and p.startswith("/t-search-"))
    new_index = created.strip("/")
    create_body = next(b for m, p, b in FakeNode.calls if m == "PUT" and p == created)
    assert create_body["mappings"]["properties"]["location"] == {"type": "geo_point"}
    bulk = next(b for m, p, b in FakeNode.calls if p.endswith("/_bulk"))
    assert bulk[0] == {"index": {"_index": new_index, "_id": "article:1"}}
    aliases = next(b for m, p, b in FakeNode.calls if p == "/_aliases")
    assert aliases == {
        "actions": [
            {"remove": {"index": "t-search-old", "alias": "t-search"}},
            {"add": {"index": new_index, "alias": "t-search"}},
        ]
    }
    assert ("DELETE", "/t-search-old") in methods
    # refresh before swap, swap before deleting the old index
    order = [
        methods.index(("POST", f"/{new_index}/_refresh")),
        methods.index(("POST", "/_aliases")),
        methods.index(("DELETE", "/t-search-old")),
    ]
    assert order == sorted(order)


def test_incremental_index_and_delete_go_through_the_alias(fake_es):
    FakeNode.aliases = {"t-search": ["t-search-1"]}
    fake_es.index(sample_documents()[:2])
    fake_es.delete(["article:1", "article:404"])
    bulks = [b for m, p, b in FakeNode.calls if p.endswith("/_bulk")]
    assert bulks[0][0] == {"index": {"_index": "t-search", "_id": "article:1"}}
    assert bulks[1] == [
        {"delete": {"_index": "t-search", "_id": "article:1"}},
        {"delete": {"_index": "t-search", "_id": "article:404"}},
    ]


def test_search_parses_hits_facets_and_distance(fake_es):
    FakeNode.aliases = {"t-search": ["t-search-1"]}
    results = fake_es.search(
        SearchQuery(q="心理咨询", kind="service", filters={"area": ["310114"]}, near=(31.35, 121.25))
    )
    _m, path, body = next(c for c in FakeNode.calls if c[1].endswith("/_search"))
    assert path == "/t-search/_search" and body["post_filter"] == {"term": {"kind": "service"}}
    assert [h.id for h in results.hits] == ["service:10", "service:11"]
    assert results.hits[0].distance_km == pytest.approx(7.9)
    assert results.hits[0].phones[0]["number"] == "021-59120000"
    assert results.kind_counts == {"article": 3, "service": 2, "event": 0, "questionnaire": 0}
    assert dict(results.facets["area"]) == {"310114102": 1, "310114103": 1}


def test_unreachable_cluster_falls_back_to_embedded_with_a_warning(search_settings, caplog, monkeypatch):
    search_index.get_engine("embedded").rebuild(sample_documents())
    search_settings.SEARCH_ENGINE = "elasticsearch"
    search_settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    search_index._engines.clear()
    search_index.get_engine("embedded").close()
    with caplog.at_level(logging.WARNING, logger="search"):
        results = search_index.search("失眠")
    assert results.fallback is True and results.engine == "embedded"
    assert "article:1" in [h.id for h in results.hits]
    assert any("Elasticsearch unreachable" in r.getMessage() for r in caplog.records)
    # the second search does not wait for the cluster again
    again = search_index.search("焦虑")
    assert again.fallback is True
