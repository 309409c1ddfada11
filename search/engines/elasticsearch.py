"""The Elasticsearch engine (8.x/9.x) through ``elasticsearch.dsl``.

The text arrives already analysed (segmented, normalised, lower-cased) by
``search.analysis``; the index only splits it on whitespace, so Elasticsearch ranks
exactly the tokens the embedded engine ranks. Facet fields are ``keyword``s, the
location a ``geo_point``; facets are aggregations.

Readers query the alias ``{prefix}-search``. ``rebuild`` creates a new concrete
index ``{prefix}-search-{timestamp}``, bulk-loads it, refreshes it, then moves the
alias in one ``_aliases`` call (remove old + add new) and deletes the old indices:
searches never see a half-built index.

When the cluster cannot be reached the engine raises ``EngineUnavailable`` (and
stops trying for ``RETRY_AFTER`` seconds); ``search.index.search`` then answers from
the embedded engine and logs a warning.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import (
    A,
    Date,
    Document,
    GeoPoint,
    Index,
    Keyword,
    Object,
    Q,
    Search,
    Text,
    analyzer,
)

from ..documents import KINDS, SearchDocument
from ..query import FILTER_FIELDS, RESULT_WINDOW, Hit, SearchQuery, SearchResults
from ..registry import prime_facet_labels
from .base import Engine, EngineUnavailable, Progress, analysed_fields, batched, fts_terms
from .embedded import BODY_STORE_CHARS, pick_area_level

logger = logging.getLogger(__name__)

RETRY_AFTER = 30.0
BULK_CHUNK = 1000
WEIGHTS = {"title": 10, "summary": 4, "body": 1}

#: Whitespace only: the text is analysed before it gets here.
pre_analysed = analyzer("anxin_pre_analysed", tokenizer="whitespace", filter=[])


class SearchDoc(Document):
    """One searchable thing; the index name is set per engine (see ``index_for``)."""

    kind = Keyword()
    title = Text(analyzer=pre_analysed)
    summary = Text(analyzer=pre_analysed)
    body = Text(analyzer=pre_analysed)
    audiences = Keyword()
    topics = Keyword()
    areas = Keyword()
    service_kinds = Keyword()
    services_offered = Keyword()
    location = GeoPoint()
    date = Date()
    #: display values, stored but not indexed
    display = Object(enabled=False)

    class Index:
        name = "anxin-search"
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def index_for(name: str) -> Index:
    idx = Index(name)
    idx.settings(number_of_shards=1, number_of_replicas=0, max_result_window=RESULT_WINDOW + 100)
    idx.document(SearchDoc)
    return idx


def to_source(doc: SearchDocument) -> dict:
    title, summary, body = analysed_fields(doc)
    source = {
        "kind": doc.kind,
        "title": title,
        "summary": summary,
        "body": body,
        "audiences": list(doc.audiences or []),
        "topics": list(doc.topics or []),
        "areas": list(doc.areas or []),
        "service_kinds": list(doc.service_kinds or []),
        "services_offered": list(doc.services_offered or []),
        "date": doc.date.isoformat() if doc.date else None,
        "display": {
            "title": doc.title,
            "url": doc.url,
            "summary": doc.summary or "",
            "body": (doc.body or "")[:BODY_STORE_CHARS],
            "phones": doc.phones or [],
            "payload": doc.payload or {},
        },
    }
    if doc.location:
        source["location"] = {"lat": float(doc.location[0]), "lon": float(doc.location[1])}
    return source


def matching_search(query: SearchQuery, index: str = "anxin-search") -> tuple[Search, Q | None]:
    """The scoring query with its filters, and the kind filter (applied by the caller)."""
    s = Search(index=index)
    must = []
    for alts in fts_terms(query):
        must.append(
            Q(
                "multi_match",
                query=" ".join(alts),
                fields=[f"{f}^{w}" for f, w in WEIGHTS.items()],
                type="most_fields",
                operator="or",
            )
        )
    filters = []
    for name, values in query.filters.items():
        filters.append(Q("terms", **{FILTER_FIELDS[name]: list(values)}))
    if query.near and query.radius_km:
        filters.append(
            Q(
                "geo_distance",
                distance=f"{query.radius_km}km",
                location={"lat": query.near[0], "lon": query.near[1]},
            )
        )
    if must and query.operator == "or":
        s = s.query(Q("bool", should=must, minimum_should_match=1, filter=filters))
    elif must or filters:
        s = s.query(Q("bool", must=must or [Q("match_all")], filter=filters))
    else:
        s = s.query(Q("match_all"))
    kind_filter = Q("term", kind=query.kind) if query.kind in KINDS else None
    return s, kind_filter


def build_ids_search(query: SearchQuery, limit: int, index: str = "anxin-search") -> Search:
    """Ids of the best ``limit`` matches, best first: no aggregations, no source, no distance."""
    s, kind_filter = matching_search(replace(query, near=None, radius_km=None), index)
    if kind_filter is not None:
        s = s.filter(kind_filter)
    return s.extra(track_total_hits=False).source(False)[:limit]


def build_search(query: SearchQuery, index: str = "anxin-search") -> Search:
    """The request for ``query``: scoring query, filters, kind post-filter, aggregations."""
    s, kind_filter = matching_search(query, index)
    if kind_filter is not None:
        s = s.post_filter(kind_filter)
    # tabs count every kind; the other facets follow the selected kind
    s.aggs.bucket("kinds", A("terms", field="kind", size=len(KINDS)))
    facet_parent = s.aggs.bucket("selected", A("filter", kind_filter or Q("match_all")))
    for name, field in FILTER_FIELDS.items():
        facet_parent.bucket(name, A("terms", field=field, size=500 if name == "area" else 50))
    if query.near:
        s = s.sort(
            {
                "_geo_distance": {
                    "location": {"lat": query.near[0], "lon": query.near[1]},
                    "order": "asc",
                    "unit": "km",
                    "distance_type": "arc",
                    "ignore_unmapped": True,
                }
            },
            "_score",
        )
    s = s.extra(track_total_hits=RESULT_WINDOW, track_scores=True)
    s = s.source(["kind", "areas", "audiences", "topics", "location", "date", "display"])
    start = query.offset
    return s[start : start + query.per_page]


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, url: str | None, prefix: str = "anxin", client: Elasticsearch | None = None):
        self.url = url
        self.prefix = prefix or "anxin"
        self.alias = f"{self.prefix}-search"
        self._client = client
        self._down_until = 0.0
        self._lock = threading.Lock()

    # -- plumbing -----------------------------------------------------------
    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            if not self.url:
                raise EngineUnavailable("ELASTICSEARCH_URL is not set")
            self._client = Elasticsearch(self.url, request_timeout=5, max_retries=1, retry_on_timeout=False)
        return self._client

    def _guard(self):
        if time.monotonic() < self._down_until:
            raise EngineUnavailable(f"{self.url} unreachable (retrying after a pause)")

    def _down(self, exc: Exception):
        self._down_until = time.monotonic() + RETRY_AFTER
        raise EngineUnavailable(f"{self.url}: {exc}") from exc

    def new_index_name(self) -> str:
        return f"{self.alias}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"

    def ensure_index(self) -> None:
        """Create a first concrete index behind the alias if there is none."""
        client = self.client
        if client.indices.exists_alias(name=self.alias):
            return
        name = self.new_index_name()
        index_for(name).create(using=client)
        client.indices.update_aliases(actions=[{"add": {"index": name, "alias": self.alias}}])

    # -- writing -----------------------------------------------------------
    def _actions(self, docs: Iterable[SearchDocument], index: str, progress: Progress | None = None):
        for chunk in batched(docs, BULK_CHUNK):
            prime_facet_labels(chunk)  # one label query per facet and chunk, not per document
            for doc in chunk:
                if doc.kind not in KINDS:
                    raise ValueError(f"unknown kind {doc.kind!r}")
                if progress is not None:
                    progress(1)
                yield {"_op_type": "index", "_index": index, "_id": doc.id, "_source": to_source(doc)}

    def index(self, docs: Iterable[SearchDocument]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        self._guard()
        try:
            self.ensure_index()
            ok, _errors = helpers.bulk(self.client, self._actions(docs, self.alias), chunk_size=BULK_CHUNK)
        except (TransportConnectionError, ConnectionTimeout) as exc:
            self._down(exc)
        return ok

    def delete(self, ids: Iterable[str]) -> int:
        ids = [str(i) for i in ids]
        if not ids:
            return 0
        self._guard()
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids)
        try:
            if not self.client.indices.exists_alias(name=self.alias):
                return 0
            ok, _errors = helpers.bulk(self.client, actions, raise_on_error=False, chunk_size=BULK_CHUNK)
        except (TransportConnectionError, ConnectionTimeout) as exc:
            self._down(exc)
        return ok

    def rebuild(self, docs: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        client = self.client
        name = self.new_index_name()
        index_for(name).create(using=client)
        try:
            count, _errors = helpers.bulk(client, self._actions(docs, name, progress), chunk_size=BULK_CHUNK)
            client.indices.refresh(index=name)
            self.swap_alias(name)
        except BaseException:
            client.indices.delete(index=name, ignore_unavailable=True)
            raise
        return count

    def swap_alias(self, new_index: str) -> list[str]:
        """Point the alias at ``new_index`` atomically and drop the indices it left."""
        client = self.client
        old: list[str] = []
        if client.indices.exists_alias(name=self.alias):
            old = [name for name in client.indices.get_alias(name=self.alias) if name != new_index]
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        client.indices.update_aliases(actions=actions)
        for name in old:
            client.indices.delete(index=name, ignore_unavailable=True)
        return old

    def clear(self) -> None:
        client = self.client
        if client.indices.exists_alias(name=self.alias):
            for name in client.indices.get_alias(name=self.alias):
                client.indices.delete(index=name, ignore_unavailable=True)
        self.ensure_index()

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias)

    def count(self) -> int:
        return int(self.client.count(index=self.alias)["count"])

    # -- reading -----------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(query=query, engine=self.name)
        if not query.is_browsable:
            return results
        self._guard()
        s = build_search(query, index=self.alias)
        try:
            response = self.client.search(index=self.alias, body=s.to_dict())
        except (TransportConnectionError, ConnectionTimeout) as exc:
            self._down(exc)
        return self.parse_response(query, response)

    def match_ids(self, query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
        if not query.is_browsable or limit < 1:
            return []
        self._guard()
        s = build_ids_search(query, min(limit, RESULT_WINDOW), index=self.alias)
        try:
            response = self.client.search(index=self.alias, body=s.to_dict())
        except (TransportConnectionError, ConnectionTimeout) as exc:
            self._down(exc)
        body = response.body if hasattr(response, "body") else response
        return [raw["_id"] for raw in body.get("hits", {}).get("hits", [])]

    def parse_response(self, query: SearchQuery, response) -> SearchResults:
        body = response.body if hasattr(response, "body") else response
        results = SearchResults(query=query, engine=self.name)
        aggs = body.get("aggregations", {})
        results.kind_counts = dict.fromkeys(KINDS, 0)
        for bucket in aggs.get("kinds", {}).get("buckets", []):
            results.kind_counts[bucket["key"]] = min(int(bucket["doc_count"]), RESULT_WINDOW)
        total = body.get("hits", {}).get("total", {"value": 0, "relation": "eq"})
        results.total = int(total.get("value", 0))
        results.total_relation = "gte" if total.get("relation") == "gte" or results.total > RESULT_WINDOW else "eq"
        results.total = min(results.total, RESULT_WINDOW)
        selected = aggs.get("selected", {})
        for name in FILTER_FIELDS:
            buckets = [(b["key"], int(b["doc_count"])) for b in selected.get(name, {}).get("buckets", [])]
            if name == "area":
                by_level: dict[int, list[tuple[str, int]]] = {}
                for value, n in buckets:
                    by_level.setdefault(len(value), []).append((value, n))
                buckets = pick_area_level(by_level, query.filters.get("area"))
            buckets.sort(key=lambda item: (-item[1], item[0]))
            results.facets[name] = buckets[:50]
        for raw in body.get("hits", {}).get("hits", []):
            src = raw.get("_source", {})
            display = src.get("display", {})
            loc = src.get("location")
            distance = None
            if query.near and raw.get("sort") and loc:
                distance = float(raw["sort"][0])
            results.hits.append(
                Hit(
                    id=raw["_id"],
                    kind=src.get("kind", ""),
                    title=display.get("title", ""),
                    url=display.get("url", ""),
                    summary=display.get("summary", ""),
                    body=display.get("body", ""),
                    score=float(raw.get("_score") or 0.0),
                    distance_km=distance,
                    location=(loc["lat"], loc["lon"]) if loc else None,
                    date=src.get("date"),
                    phones=display.get("phones") or [],
                    payload=display.get("payload") or {},
                    audiences=src.get("audiences") or [],
                    topics=src.get("topics") or [],
                    areas=src.get("areas") or [],
                )
            )
        return results
