"""The search layer's public API for content apps and views.

Content apps call :func:`index_documents` and :func:`delete_documents` from their
signal handlers (publish, unpublish, save, delete). Both are safe inside a
transaction: the work runs after the surrounding transaction commits
(``transaction.on_commit``), so a rolled-back save never reaches the index, and a
failure there is logged, never raised into the editor's request.

The embedded index is always kept up to date; when ``SEARCH_ENGINE`` is
"elasticsearch" the cluster is updated as well, and searches fall back to the
embedded engine (with a warning in the log) while the cluster is unreachable.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import replace

from django.conf import settings
from django.db import transaction

from .documents import KINDS, SearchDocument
from .engines.base import Engine, EngineUnavailable
from .engines.embedded import EmbeddedEngine
from .query import RESULT_WINDOW, SearchQuery, SearchResults

logger = logging.getLogger("search")

_engines: dict[tuple, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(name: str | None = None) -> Engine:
    """The engine called ``name`` ("embedded" or "elasticsearch"; default SEARCH_ENGINE)."""
    name = name or getattr(settings, "SEARCH_ENGINE", "embedded") or "embedded"
    if name == "embedded":
        key = ("embedded", str(settings.SEARCH_EMBEDDED_PATH))
    elif name == "elasticsearch":
        key = ("elasticsearch", settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX)
    else:
        raise ValueError(f"unknown search engine {name!r}")
    engine = _engines.get(key)
    if engine is not None:
        return engine
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            if name == "embedded":
                engine = EmbeddedEngine(settings.SEARCH_EMBEDDED_PATH)
            else:
                from .engines.elasticsearch import ElasticsearchEngine

                engine = ElasticsearchEngine(url=settings.ELASTICSEARCH_URL, prefix=settings.ELASTICSEARCH_INDEX_PREFIX)
            _engines[key] = engine
    return engine


def write_engines() -> list[Engine]:
    """Engines every change goes to: always the embedded one, plus Elasticsearch if chosen."""
    engines = [get_engine("embedded")]
    if getattr(settings, "SEARCH_ENGINE", "embedded") == "elasticsearch":
        engines.append(get_engine("elasticsearch"))
    return engines


def _check(docs: list[SearchDocument]) -> None:
    for doc in docs:
        if not isinstance(doc, SearchDocument):
            raise TypeError(f"expected SearchDocument, got {type(doc).__name__}")
        if doc.kind not in KINDS:
            raise ValueError(f"unknown kind {doc.kind!r} for {doc.id!r}")


def index_documents_now(docs: Iterable[SearchDocument]) -> None:
    docs = list(docs)
    _check(docs)
    for engine in write_engines():
        try:
            engine.index(docs)
        except Exception:
            logger.exception("search: indexing %d document(s) in %s failed", len(docs), engine.name)


def delete_documents_now(ids: Iterable[str]) -> None:
    ids = [str(i) for i in ids]
    for engine in write_engines():
        try:
            engine.delete(ids)
        except Exception:
            logger.exception("search: deleting %d document(s) from %s failed", len(ids), engine.name)


def index_documents(docs: Iterable[SearchDocument], using: str | None = None) -> None:
    """Add or replace documents once the current transaction commits (now if none).

    ``docs`` must be public (published, not defunct); send their ids to
    :func:`delete_documents` instead when they stop being public.
    """
    docs = list(docs)
    if not docs:
        return
    _check(docs)  # fail early, in the caller's code, on a malformed document
    transaction.on_commit(lambda: index_documents_now(docs), using=using)


def delete_documents(ids: Iterable[str], using: str | None = None) -> None:
    """Remove documents by id once the current transaction commits. Unknown ids are ignored."""
    ids = [str(i) for i in ids]
    if not ids:
        return
    transaction.on_commit(lambda: delete_documents_now(ids), using=using)


def search(query: SearchQuery | str, **kwargs) -> SearchResults:
    """Run a search on the configured engine (embedded fallback if Elasticsearch is down).

    When every word together finds nothing, the search is repeated matching any word
    (``results.query.operator == "or"``), best matches first.
    """
    if isinstance(query, str):
        query = SearchQuery(q=query, **kwargs)
    results = _search_once(query)
    if results.total == 0 and query.operator == "and" and len(query.plan.terms) > 1:
        relaxed = replace(query, operator="or")
        results = _search_once(relaxed)
    return results


def match_ids(query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
    """Ids of the best ``limit`` documents matching ``query``, best first (see
    :meth:`Engine.match_ids`); the embedded engine answers while Elasticsearch is down."""
    engine = get_engine()
    if engine.name == "elasticsearch":
        try:
            return engine.match_ids(query, limit)
        except EngineUnavailable as exc:
            logger.warning("search: Elasticsearch unreachable (%s); answering from the embedded index", exc)
            return get_engine("embedded").match_ids(query, limit)
    return engine.match_ids(query, limit)


def _search_once(query: SearchQuery) -> SearchResults:
    engine = get_engine()
    if engine.name == "elasticsearch":
        try:
            return engine.search(query)
        except EngineUnavailable as exc:
            logger.warning("search: Elasticsearch unreachable (%s); answering from the embedded index", exc)
            results = get_engine("embedded").search(query)
            results.fallback = True
            return results
    return engine.search(query)
