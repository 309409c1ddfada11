"""The Elasticsearch engine (8.x/9.x) through ``elasticsearch.dsl``.

The text arrives already analysed (segmented, normalised, lower-cased) by
``search.analysis``; the index only splits it on whitespace, so Elasticsearch ranks
exactly the tokens the embedded engine ranks. Facet fields are ``keyword``s, the
location a ``geo_point``; facets are aggregations.

The mapping is a ``Document`` built from the registered kinds' facets (one ``keyword``
field per facet, named after the document attribute that holds its values); searches
are ``Search`` objects run with ``execute()``; hits are built by the helpers every
engine shares (``base.make_hit``).

Readers query the alias ``{prefix}-search``. ``rebuild`` creates a new concrete
index ``{prefix}-search-{timestamp}``, bulk-loads it, refreshes it, then moves the
alias in one ``_aliases`` call (remove old + add new) and deletes the old indices:
searches never see a half-built index.

When the cluster cannot be reached the engine raises ``EngineUnavailable`` (and
stops trying for ``RETRY_AFTER`` seconds); ``search.index.search`` then answers from
the embedded engine and logs a warning.

Deadlines: a search is one request, no retry, of at most
``SEARCH_ELASTICSEARCH_READ_TIMEOUT`` seconds (default 1): a cluster that accepts
connections but never answers costs one reader one second, and the readers after it
nothing for ``RETRY_AFTER`` seconds. The writes of an editor's save (``index``,
``delete``) are bounded the same way by ``SEARCH_ELASTICSEARCH_WRITE_TIMEOUT``
(default 1); a write that misses it is logged and left to the next
``search_reindex --engine elasticsearch``. Full rebuilds keep the client's 5 s per
request (large bulk requests).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import A, Date, Document, GeoPoint, Index, Keyword, Object, Q, Search, Text, analyzer

from .. import registry
from ..documents import SearchDocument
from ..query import RESULT_WINDOW, SearchQuery, SearchResults
from ..registry import prime_facet_labels
from .base import (
    FIELD_WEIGHTS,
    Engine,
    EngineUnavailable,
    Progress,
    analysed_fields,
    batched,
    check_kind,
    finish_facets,
    fts_terms,
    has_intents,
    make_hit,
    minimum_should_match,
    stored_display,
    tiered,
)
from .elasticsearch_ranking import intent_filter, tier_bonuses, word_queries
from .elasticsearch_suggest import build_suggest, parse_suggest, suggest_field, suggest_inputs

logger = logging.getLogger(__name__)

RETRY_AFTER = 30.0
#: seconds, when the settings say nothing (SEARCH_ELASTICSEARCH_READ_TIMEOUT / _WRITE_TIMEOUT)
READ_TIMEOUT = 1.0
WRITE_TIMEOUT = 1.0
BULK_CHUNK = 1000
WEIGHTS = {name: int(weight) for name, weight in FIELD_WEIGHTS.items()}
#: buckets asked of a hierarchical facet (every level comes back; one is shown)
HIERARCHY_BUCKETS = 500
DEFAULT_INDEX = "anxin-search"

#: Whitespace only: the text is analysed before it gets here.
pre_analysed = analyzer("anxin_pre_analysed", tokenizer="whitespace", filter=[])

_doc_classes: dict[tuple, type[Document]] = {}


def document_class() -> type[Document]:
    """The ``Document`` for the registered facets: text fields, one keyword per facet,
    ``location``, ``date`` and the display values (stored, not indexed)."""
    fields = tuple(sorted({facet.field for facet in registry.facets().values()}))
    cls = _doc_classes.get(fields)
    if cls is None:
        attrs = {
            "kind": Keyword(),
            "title": Text(analyzer=pre_analysed),
            "summary": Text(analyzer=pre_analysed),
            "body": Text(analyzer=pre_analysed),
            **{name: Keyword() for name in fields},
            "location": GeoPoint(),
            "date": Date(),
            "display": Object(enabled=False),
            "suggest": suggest_field(),
            "Index": type("Index", (), {"name": DEFAULT_INDEX}),
            "__module__": __name__,
        }
        cls = _doc_classes[fields] = type("SearchDoc", (Document,), attrs)
    return cls


def __getattr__(name: str):
    if name == "SearchDoc":  # the Document of the facets registered now
        return document_class()
    raise AttributeError(name)


def index_for(name: str) -> Index:
    idx = Index(name)
    idx.settings(number_of_shards=1, number_of_replicas=0, max_result_window=RESULT_WINDOW + 100)
    idx.document(document_class())
    return idx


def to_document(doc: SearchDocument, index: str | None = None) -> Document:
    """The ``SearchDoc`` for ``doc``, analysed (``meta.id`` is the document id)."""
    title, summary, body = analysed_fields(doc)
    values = {facet.field: facet.values(doc) for facet in registry.facets().values()}
    meta = {"id": doc.id, **({"index": index} if index else {})}
    es_doc = document_class()(
        meta=meta,
        kind=doc.kind,
        title=title,
        summary=summary,
        body=body,
        date=doc.date,
        display=stored_display(doc),
        suggest=suggest_inputs(doc),
        **values,
    )
    if doc.location:
        es_doc.location = {"lat": float(doc.location[0]), "lon": float(doc.location[1])}
    return es_doc


def to_source(doc: SearchDocument) -> dict:
    return to_document(doc).to_dict()


def matching_search(query: SearchQuery, index: str = DEFAULT_INDEX) -> tuple[Search, Q | None]:
    """The scoring query with its filters, and the kind filter (applied by the caller)."""
    s = Search(index=index)
    must = word_queries(fts_terms(query))
    facets = registry.facets()
    filters = [Q("terms", **{facets[name].field: list(values)}) for name, values in query.filters.items()]
    if query.near and query.radius_km:
        filters.append(
            Q(
                "geo_distance",
                distance=f"{query.radius_km}km",
                location={"lat": query.near[0], "lon": query.near[1]},
            )
        )
    intent = intent_filter(query) if must else None
    if must and (query.operator in ("or", "most") or intent is not None):
        if query.operator == "and":
            text = Q("bool", must=must)
        else:
            need = 1 if query.operator == "or" else minimum_should_match(len(must))
            text = Q("bool", should=must, minimum_should_match=need)
        if intent is not None:  # the text, or a facet value the query names (unscored)
            text = Q("bool", should=[text, Q("bool", filter=[intent])], minimum_should_match=1)
        s = s.query(Q("bool", must=[text], should=tier_bonuses(query, must, intent), filter=filters))
    elif must and tiered(query):
        s = s.query(Q("bool", must=must, should=tier_bonuses(query, must), filter=filters))
    elif must or filters:
        s = s.query(Q("bool", must=must or [Q("match_all")], filter=filters))
    else:
        s = s.query(Q("match_all"))
    kind_filter = Q("term", kind=query.kind) if registry.get_kind(query.kind or "") else None
    return s, kind_filter


def build_ids_search(query: SearchQuery, limit: int, index: str = DEFAULT_INDEX) -> Search:
    """Ids of the best ``limit`` matches, best first: no aggregations, no source, no distance."""
    s, kind_filter = matching_search(replace(query, near=None, radius_km=None), index)
    if kind_filter is not None:
        s = s.filter(kind_filter)
    return s.extra(track_total_hits=False).source(False)[:limit]


def build_search(query: SearchQuery, index: str = DEFAULT_INDEX) -> Search:
    """The request for ``query``: scoring query, filters, kind post-filter, aggregations."""
    s, kind_filter = matching_search(query, index)
    if kind_filter is not None:
        s = s.post_filter(kind_filter)
    # tabs count every kind; the other facets follow the selected kind
    s.aggs.bucket("kinds", A("terms", field="kind", size=len(registry.kind_names())))
    facet_parent = s.aggs.bucket("selected", A("filter", kind_filter or Q("match_all")))
    for name, facet in registry.facets().items():
        size = HIERARCHY_BUCKETS if facet.hierarchy is not None else facet.size
        facet_parent.bucket(name, A("terms", field=facet.field, size=size))
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
    s = s.source(["kind", "location", "date", "display"])
    start = query.offset
    return s[start : start + query.per_page]


class ElasticsearchEngine(Engine):
    name = "elasticsearch"
    title = "Elasticsearch"
    fallback = "embedded"
    shared = True

    def __init__(self, url: str | None, prefix: str = "anxin", client: Elasticsearch | None = None):
        self.url = url
        self.prefix = prefix or "anxin"
        self.alias = f"{self.prefix}-search"
        self._client = client
        self._down_until = 0.0
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings) -> ElasticsearchEngine:
        return cls(url=settings.ELASTICSEARCH_URL, prefix=settings.ELASTICSEARCH_INDEX_PREFIX)

    @classmethod
    def settings_key(cls, settings) -> tuple:
        return (settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX)

    # -- plumbing -----------------------------------------------------------
    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            if not self.url:
                raise EngineUnavailable("ELASTICSEARCH_URL is not set")
            self._client = Elasticsearch(self.url, request_timeout=5, max_retries=1, retry_on_timeout=False)
        return self._client

    def _bounded(self, setting: str, default: float) -> Elasticsearch:
        """The client with one request of at most ``setting`` seconds and no retry."""
        timeout = float(getattr(settings, setting, default) or default)
        return self.client.options(request_timeout=timeout, max_retries=0, retry_on_timeout=False)

    def reader(self) -> Elasticsearch:
        return self._bounded("SEARCH_ELASTICSEARCH_READ_TIMEOUT", READ_TIMEOUT)

    def writer(self) -> Elasticsearch:
        return self._bounded("SEARCH_ELASTICSEARCH_WRITE_TIMEOUT", WRITE_TIMEOUT)

    def _guard(self):
        if time.monotonic() < self._down_until:
            raise EngineUnavailable(f"{self.url} unreachable (retrying after a pause)")

    def _down(self, exc: Exception):
        self._down_until = time.monotonic() + RETRY_AFTER
        raise EngineUnavailable(f"{self.url}: {exc}") from exc

    def _execute(self, s: Search):
        self._guard()
        try:
            return s.using(self.reader()).execute()
        except (TransportConnectionError, ConnectionTimeout) as exc:
            self._down(exc)

    def new_index_name(self) -> str:
        return f"{self.alias}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"

    def ensure_index(self, client: Elasticsearch | None = None) -> None:
        """Create a first concrete index behind the alias if there is none."""
        client = client or self.client
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
                check_kind(doc)
                if progress is not None:
                    progress(1)
                yield to_document(doc, index).to_dict(include_meta=True)

    def index(self, docs: Iterable[SearchDocument]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        self._guard()
        client = self.writer()
        try:
            self.ensure_index(client)
            ok, _errors = helpers.bulk(client, self._actions(docs, self.alias), chunk_size=BULK_CHUNK)
        except (TransportConnectionError, ConnectionTimeout) as exc:
            self._down(exc)
        return ok

    def delete(self, ids: Iterable[str]) -> int:
        ids = [str(i) for i in ids]
        if not ids:
            return 0
        self._guard()
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids)
        client = self.writer()
        try:
            if not client.indices.exists_alias(name=self.alias):
                return 0
            ok, _errors = helpers.bulk(client, actions, raise_on_error=False, chunk_size=BULK_CHUNK)
        except (TransportConnectionError, ConnectionTimeout) as exc:
            self._down(exc)
        return ok

    def rebuild(self, docs: Iterable[SearchDocument], progress: Progress | None = None, workers: int = 1) -> int:
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
        if not query.is_browsable:
            return SearchResults(query=query, engine=self.name)
        return self.parse_response(query, self._execute(build_search(query, index=self.alias)))

    def suggest(self, q: str, limit: int, kind: str | None = None) -> list:
        s = build_suggest(q, self.alias)
        return parse_suggest(q, self._execute(s), limit, kind) if s is not None else []

    def match_ids(self, query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
        if not query.is_browsable or limit < 1:
            return []
        response = self._execute(build_ids_search(query, min(limit, RESULT_WINDOW), index=self.alias))
        return [hit.meta.id for hit in response]

    def parse_response(self, query: SearchQuery, response) -> SearchResults:
        results = SearchResults(query=query, engine=self.name)
        aggs = response.aggregations
        results.kind_counts = dict.fromkeys(registry.kind_names(), 0)
        for bucket in aggs.kinds.buckets if "kinds" in aggs else []:
            results.kind_counts[bucket.key] = min(int(bucket.doc_count), RESULT_WINDOW)
        total = response.hits.total
        results.total = int(total.value)
        results.total_relation = "gte" if total.relation == "gte" or results.total > RESULT_WINDOW else "eq"
        results.total = min(results.total, RESULT_WINDOW)
        selected = aggs.selected if "selected" in aggs else {}
        counted = {
            name: [(b.key, int(b.doc_count)) for b in selected[name].buckets]
            for name in registry.facets()
            if name in selected
        }
        results.facets = finish_facets(counted, query)
        # the named query "complete" is asked when partial or intent matches are allowed
        tiers_named = query.operator != "and" or has_intents(query)
        for hit in response:
            src = hit.to_dict()
            loc = src.get("location")
            sort = list(getattr(hit.meta, "sort", None) or [])
            matched = list(getattr(hit.meta, "matched_queries", None) or [])
            complete = not tiers_named or "complete" in matched
            results.hits.append(
                make_hit(
                    hit.meta.id,
                    src.get("kind", ""),
                    src.get("display") or {},
                    score=getattr(hit.meta, "score", None),
                    distance=float(sort[0]) if query.near and sort and loc else None,
                    location=(loc["lat"], loc["lon"]) if loc else None,
                    date=src.get("date"),
                    partial=not complete and "intent" not in matched,
                    intent=not complete and "intent" in matched,
                )
            )
        return results
