"""The search layer's public API for content apps and views.

Content apps call :func:`index_documents` and :func:`delete_documents` from their
signal handlers (publish, unpublish, save, delete). Both are safe inside a
transaction: the work runs after the surrounding transaction commits
(``transaction.on_commit``), so a rolled-back save never reaches the index, and a
failure there is logged, never raised into the editor's request.

The engine is chosen in settings (``search.engines.loading``); when it has a
fallback (Elasticsearch → the embedded file) both are kept up to date, and searches
fall back (with a warning in the log) while the primary is unreachable.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace

from django.db import transaction
from django.utils.translation import gettext

from anxin.cache import pages as page_cache

from . import health, registry
from .analysis import pinyin
from .documents import SearchDocument
from .engines.base import Engine, EngineUnavailable, shared_reads
from .engines.loading import _engines, get_engine  # noqa: F401 - _engines: tests reset it
from .query import RESULT_WINDOW, SearchQuery, SearchResults
from .suggest import DEFAULT_LIMIT, Suggestion

logger = logging.getLogger("search")


def write_engines() -> list[Engine]:
    """Engines every change goes to: the configured one and its fallback (if any)."""
    return get_engine().writers()


def _check(docs: list[SearchDocument]) -> None:
    for doc in docs:
        if not isinstance(doc, SearchDocument):
            raise TypeError(f"expected SearchDocument, got {type(doc).__name__}")
        if registry.get_kind(doc.kind) is None:
            raise ValueError(f"unknown kind {doc.kind!r} for {doc.id!r}")


#: The page-cache scope of everything the index answers: bumped after each write, so a
#: cached search page never outlives the index it was rendered from, whatever order the
#: on-commit callbacks of a save run in.
PAGE_SCOPE = "search"


def index_documents_now(docs: Iterable[SearchDocument]) -> None:
    docs = list(docs)
    _check(docs)
    for engine in write_engines():
        try:
            engine.index(docs)
        except Exception:
            logger.exception("search: indexing %d document(s) in %s failed", len(docs), engine.name)
    page_cache.changed(PAGE_SCOPE)


def delete_documents_now(ids: Iterable[str]) -> None:
    ids = [str(i) for i in ids]
    for engine in write_engines():
        try:
            engine.delete(ids)
        except Exception:
            logger.exception("search: deleting %d document(s) from %s failed", len(ids), engine.name)
    page_cache.changed(PAGE_SCOPE)


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

    When fewer than a page of documents match every word, the search is repeated
    with all words but one (``operator == "most"``): the complete matches come first,
    the partial ones (``hit.partial``) below them. When that finds nothing either,
    any word counts (``"or"``, every hit partial).
    """
    if isinstance(query, str):
        query = SearchQuery(q=query, **kwargs)
    with shared_reads():  # the retries read the complete matches once
        results = _search_once(query)
        relax = query.operator == "and" and len(query.plan.terms) >= 2 and results.total < query.per_page
        for operator in ("most", "or") if relax else ():
            relaxed = _search_once(replace(query, operator=operator))
            if relaxed.total > results.total:
                results = relaxed
                break
            if results.total:
                break
    if results.total == 0 and pinyin.is_pinyin_like(query.q):
        results = _search_pinyin(query) or results
    explain(results)
    return results


def explain(results: SearchResults) -> None:
    """Give every hit found through the query's intent (``hit.intent``) its ``reason``:
    the facet value the query names that the hit has — ``facet``, ``value``, ``label``
    (the facet's label provider) and ``text``, the heading the page shows (the kind's
    ``intent_text``, e.g. 为孕产妇提供服务的机构)."""
    intents = results.query.plan.intents if results.query.plan else []
    for hit in results.hits:
        if not hit.intent:
            continue
        kind = registry.get_kind(hit.kind)
        facets = {f.name: f for f in kind.facets} if kind else {}
        pairs = [(f, v) for f, v in intents if f in facets]
        if not pairs:
            continue
        # the pair the hit shows it has (display values), else the first its kind can have
        known = [(f, v) for f, v in pairs if v in (getattr(hit, facets[f].attr or f, None) or ())]
        name, value = (known or pairs)[0]
        label = registry.facet_labels(name, [value])[value]
        if kind.intent_text:
            text = str(kind.intent_text).format(label=label)
        else:
            text = gettext("与“%(label)s”有关的%(kind)s") % {"label": label, "kind": kind.label}
        hit.reason = {"facet": name, "value": value, "label": label, "text": text}


def _search_pinyin(query: SearchQuery) -> SearchResults | None:
    """A query in pinyin that found nothing: search the best suggestion whose pinyin or
    initials start with it (``shimian`` → 失眠) instead, keeping the crisis intent."""
    try:
        found = get_engine().suggest(query.q, 1, query.kind or None)
    except (EngineUnavailable, NotImplementedError):
        return None
    if not found:
        return None
    term = found[0].text
    again = replace(query, q=term, plan=None)
    again.plan.crisis = again.plan.crisis or query.plan.crisis
    results = _search_once(again)
    if results.total == 0:
        return None
    results.searched_as = term
    return results


def suggest(q: str, limit: int = DEFAULT_LIMIT, kind: str | None = None) -> list[Suggestion]:
    """Suggestions for what was typed (see ``search/suggest.py``), best first; raises
    :class:`EngineUnavailable` when no engine can answer."""
    try:
        found = get_engine().suggest(q, limit, kind)
    except EngineUnavailable as exc:
        health.report_unavailable(exc)
        raise
    return found


def match_ids(query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
    """Ids of the best ``limit`` documents matching ``query``, best first (see
    :meth:`Engine.match_ids`); the fallback answers while the engine is unreachable.

    Raises :class:`EngineUnavailable` (logged once per process) when no engine can
    answer, e.g. the embedded index file is missing or damaged: callers show
    "搜索暂时不可用" rather than zero results."""
    query = replace(query, use_intents=False)  # a filter box narrows: every word, no intent
    try:
        ids = get_engine().match_ids(query, limit)
    except EngineUnavailable as exc:
        health.report_unavailable(exc)
        raise
    health.recovered()
    return ids


def _search_once(query: SearchQuery) -> SearchResults:
    try:
        results = get_engine().search(query)
    except EngineUnavailable as exc:
        health.report_unavailable(exc)
        raise
    health.recovered()
    return results
