"""The interface every engine implements, the fallback wrapper, and shared helpers.

Engines know kinds and facets only through the registry (``search.registry``):
``kinds()`` for their tables or tabs, ``facets()`` for their facet columns, fields and
aggregations, a facet's ``hierarchy`` for "one level below" and subtree ranges.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from .. import registry
from ..analysis import index_text
from ..documents import SearchDocument
from ..kinds import Facet
from ..query import RESULT_WINDOW, Hit, SearchQuery, SearchResults
from ..registry import facet_labels

logger = logging.getLogger("search")

Progress = Callable[[int], None]

#: Ranking weights of the three text fields, shared by every engine: title, summary, body.
FIELD_WEIGHTS = {"title": 10.0, "summary": 4.0, "body": 1.0}
#: Ranking tiers, lower first: every word as typed; every word, some only through a
#: synonym; not every word, but a facet value the query names through an intent rule
#: (产后抑郁 → audience ``perinatal``); most of the words (operator "most"/"or"). An
#: engine's sort key is ``tier * TIER_GAP + field-weighted score`` (lower is better),
#: see docs/search.md.
TIER_EXACT, TIER_SYNONYM, TIER_INTENT, TIER_PARTIAL = 0, 1, 2, 3
TIER_GAP = 10_000.0
#: How much of the body an engine stores for snippets.
BODY_STORE_CHARS = 4000


#: Reads one search may share with the next within :func:`shared_reads` (see there).
_shared: contextvars.ContextVar[dict | None] = contextvars.ContextVar("search_shared_reads", default=None)


@contextmanager
def shared_reads():
    """A block in which an engine may keep the reads of one search for the next.

    ``search.index.search`` retries a query with fewer words required ("most", then
    "or") when every word finds less than a page; each retry needs the same complete
    matches, exact matches and intent rows the first pass read. Inside this block an
    engine reads them once (:func:`remembered`). Outside it nothing is kept, so no
    answer can outlive the request that read it."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def remembered(key: tuple, read: Callable[[], object]):
    """``read()``, or what it returned for ``key`` earlier in the same :func:`shared_reads`
    block. Callers must not change what they get back."""
    memo = _shared.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


class EngineUnavailable(Exception):
    """The engine cannot answer right now (e.g. the cluster is unreachable)."""


class IndexUnavailable(EngineUnavailable):
    """The index itself is missing, damaged or unreadable: it will not come back by
    waiting; ``manage.py search_reindex`` rebuilds it. ``reason`` is ``"missing"``,
    ``"damaged"`` or ``"unreadable"``."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"search index {reason}: {detail}" if detail else f"search index {reason}")


class Engine:
    """What the search layer asks of an engine.

    ``from_settings`` builds one from Django settings and ``settings_key`` says which
    settings distinguish two instances (the engine cache keys on it). ``fallback`` names
    the engine answering while this one is unreachable (see :class:`FallbackEngine`).
    """

    name = "base"
    #: how the log names it ("Elasticsearch unreachable …")
    title = "base"
    #: alias or dotted path of the engine that answers while this one is unreachable
    fallback: str | None = None
    #: True when every machine sharing the database sees the same index
    shared = False

    @classmethod
    def from_settings(cls, settings) -> Engine:
        return cls()

    @classmethod
    def settings_key(cls, settings) -> tuple:
        return ()

    def writers(self) -> list[Engine]:
        """The engines every change goes to (a fallback wrapper: both)."""
        return [self]

    def index(self, docs: Iterable[SearchDocument]) -> int:
        raise NotImplementedError

    def delete(self, ids: Iterable[str]) -> int:
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def match_ids(self, query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
        """Ids of the best ``limit`` matches of ``query`` (text, kind and filters), best
        first, without loading the documents: for content apps that page through the
        matches with their own database filters. ``near`` is ignored."""
        raise NotImplementedError

    def rebuild(self, docs: Iterable[SearchDocument], progress: Progress | None = None, workers: int = 1) -> int:
        raise NotImplementedError

    def suggest(self, q: str, limit: int, kind: str | None = None) -> list:
        """At most ``limit`` :class:`search.suggest.Suggestion` for what was typed, best
        first: titles and topics starting with or containing it, or whose pinyin or
        initials start with it (see ``search/suggest.py``)."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        """Release connections held by the calling thread."""


class FallbackEngine(Engine):
    """``primary`` answers; while it raises :class:`EngineUnavailable` ``fallback`` does
    (``results.fallback`` is True and the ``search`` logger warns). Changes go to both,
    the fallback first, so it is current when it is needed."""

    def __init__(self, primary: Engine, fallback: Engine):
        self.primary = primary
        self.secondary = fallback
        self.name = primary.name
        self.title = primary.title

    def writers(self) -> list[Engine]:
        return [self.secondary, self.primary]

    def _warn(self, exc: Exception) -> None:
        logger.warning(
            "search: %s unreachable (%s); answering from the %s index", self.primary.title, exc, self.secondary.name
        )

    def search(self, query: SearchQuery) -> SearchResults:
        try:
            return self.primary.search(query)
        except EngineUnavailable as exc:
            self._warn(exc)
            results = self.secondary.search(query)
            results.fallback = True
            return results

    def match_ids(self, query: SearchQuery, limit: int = RESULT_WINDOW) -> list[str]:
        try:
            return self.primary.match_ids(query, limit)
        except EngineUnavailable as exc:
            self._warn(exc)
            return self.secondary.match_ids(query, limit)

    def suggest(self, q: str, limit: int, kind: str | None = None) -> list:
        try:
            return self.primary.suggest(q, limit, kind)
        except EngineUnavailable as exc:
            self._warn(exc)
            return self.secondary.suggest(q, limit, kind)

    def index(self, docs: Iterable[SearchDocument]) -> int:
        docs = list(docs)
        self.secondary.index(docs)
        return self.primary.index(docs)

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        self.secondary.delete(ids)
        return self.primary.delete(ids)

    def rebuild(self, docs, progress=None, workers: int = 1) -> int:
        return self.primary.rebuild(docs, progress=progress, workers=workers)

    def clear(self) -> None:
        self.secondary.clear()
        self.primary.clear()

    def count(self) -> int:
        return self.primary.count()

    def close(self) -> None:
        self.secondary.close()
        self.primary.close()


# -- helpers ------------------------------------------------------------------


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to ``size`` consecutive items (itertools.batched needs Python 3.12)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def kind_names() -> tuple[str, ...]:
    return registry.kind_names()


def valid_kind(kind: str) -> bool:
    return registry.get_kind(kind) is not None


def check_kind(doc_or_kind) -> str:
    kind = getattr(doc_or_kind, "kind", doc_or_kind)
    if registry.get_kind(kind) is None:
        raise ValueError(f"unknown kind {kind!r}")
    return kind


def selected_kinds(query: SearchQuery) -> list[str]:
    names = list(kind_names())
    return [query.kind] if query.kind in names else names


def tie_orders() -> dict[str, int]:
    """Which kind comes first among equal scores (see ``Kind.browse_order``)."""
    return {k.name: k.tie_order for k in registry.kinds()}


def located_kinds() -> set[str]:
    return {k.name for k in registry.kinds() if k.located}


def label_text(doc: SearchDocument) -> str:
    """Facet labels of a document (老年人, 嘉定区 …) as extra searchable text."""
    parts: list[str] = []
    for name, facet in registry.facets().items():
        values = facet.values(doc)
        if not values:
            continue
        labels = facet_labels(name, values)
        parts.extend(label for value, label in labels.items() if label and label != value)
    return " ".join(parts)


def phone_text(doc: SearchDocument) -> str:
    """A document's phone numbers as typed and as bare digits (021-59120000 and
    02159120000), so a query that is a number finds its own entry."""
    parts: list[str] = []
    for phone in doc.phones or []:
        number = str(phone.get("number") or "") if isinstance(phone, dict) else ""
        digits = "".join(ch for ch in number if ch.isdigit())
        parts.extend(p for p in (number, digits) if p)
    return " ".join(parts)


def analysed_fields(doc: SearchDocument) -> tuple[str, str, str]:
    """(title, summary, body) as space-separated index tokens."""
    body = doc.body or ""
    extra = " ".join(p for p in (label_text(doc), phone_text(doc)) if p)
    if extra:
        body = f"{body}\n{extra}"
    return index_text(doc.title), index_text(doc.summary), index_text(body)


def fts_terms(query: SearchQuery) -> list[tuple[str, ...]]:
    """AND of ORs: each inner tuple lists the alternatives of one query word."""
    return [term.alternatives for term in query.plan.terms]


def exact_terms(query: SearchQuery) -> list[tuple[str, ...]]:
    """The query's words as typed, without their synonyms (the exact tier)."""
    return [(term.token,) for term in query.plan.terms]


def has_synonyms(query: SearchQuery) -> bool:
    return any(len(term.alternatives) > 1 for term in query.plan.terms)


def minimum_should_match(words: int) -> int:
    """How many of ``words`` query words a partial match ("most") needs: all but one."""
    return max(1, words - 1)


def intents_for(query: SearchQuery, kind: str) -> list[tuple[str, str]]:
    """The (facet, value) pairs the query names (``QueryPlan.intents``) that documents of
    ``kind`` can have: the kind has the facet. None when the query has no words or
    ``use_intents`` is off (``match_ids``)."""
    if not query.use_intents or not query.plan.terms or not query.plan.intents:
        return []
    names = set(registry.kind_facets(kind))
    return [(f, v) for f, v in query.plan.intents if f in names]


def has_intents(query: SearchQuery) -> bool:
    return any(intents_for(query, kind) for kind in kind_names())


def tiered(query: SearchQuery) -> bool:
    """True when the matches fall in more than one tier (see ``TIER_GAP``)."""
    return bool(query.plan.terms) and (query.operator != "and" or has_synonyms(query) or has_intents(query))


def tier_of(key: float) -> int:
    """The tier of a sort key ``tier * TIER_GAP + score`` (|score| < TIER_GAP / 2)."""
    return max(0, round(key / TIER_GAP))


def facet_values(doc: SearchDocument) -> dict[str, list[str]]:
    """Every registered facet's values of ``doc`` (facets it has none of left out)."""
    out = {}
    for name, facet in registry.facets().items():
        values = facet.values(doc)
        if values:
            out[name] = sorted(set(values))
    return out


def stored_display(doc: SearchDocument) -> dict:
    """The display values every engine stores and returns as they are."""
    return {
        "title": doc.title,
        "url": doc.url,
        "summary": doc.summary or "",
        "body": (doc.body or "")[:BODY_STORE_CHARS],
        "phones": doc.phones or [],
        "payload": doc.payload or {},
        "audiences": list(doc.audiences or []),
        "topics": list(doc.topics or []),
        "areas": list(doc.areas or []),
        "date": doc.date.isoformat() if doc.date else None,
    }


def make_hit(
    doc_id: str,
    kind: str,
    display: dict,
    *,
    score=0.0,
    distance=None,
    location=None,
    date=None,
    partial=False,
    intent=False,
) -> Hit:
    """A :class:`Hit` from the stored display values (every engine builds hits here)."""
    return Hit(
        partial=bool(partial),
        intent=bool(intent),
        id=doc_id,
        kind=kind,
        title=display.get("title", ""),
        url=display.get("url", ""),
        summary=display.get("summary", ""),
        body=display.get("body", ""),
        score=float(score or 0.0),
        distance_km=distance,
        location=location,
        date=date if date is not None else display.get("date"),
        phones=display.get("phones") or [],
        payload=display.get("payload") or {},
        audiences=display.get("audiences") or [],
        topics=display.get("topics") or [],
        areas=display.get("areas") or [],
    )


def pick_level(facet: Facet, values: list[tuple[str, int]], selected: list[str] | None) -> list[tuple[str, int]]:
    """Values of a hierarchical facet one level below the selected value(s), or (nothing
    selected) on the first level that splits the results."""
    hierarchy = facet.hierarchy
    by_depth: dict[int, list[tuple[str, int]]] = {}
    for value, n in values:
        if hierarchy.valid(value):
            by_depth.setdefault(hierarchy.depth(value), []).append((value, n))
    if not by_depth:
        return []
    if selected:
        deepest = max(hierarchy.depth(s) for s in selected)
        deeper = sorted(d for d in by_depth if d > deepest)
        if not deeper:
            return []
        return [(v, n) for v, n in by_depth[deeper[0]] if any(hierarchy.contains(s, v) for s in selected)]
    levels = sorted(by_depth)
    for depth in levels:
        if len(by_depth[depth]) > 1:
            return list(by_depth[depth])
    return list(by_depth[levels[-1]])


def finish_facets(counted: dict[str, list[tuple[str, int]]], query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
    """Every registered facet's values, largest first, at most ``Facet.size`` each;
    hierarchical facets one level below the selection."""
    out: dict[str, list[tuple[str, int]]] = {}
    for name, facet in registry.facets().items():
        values = list(counted.get(name) or [])
        if facet.hierarchy is not None:
            values = pick_level(facet, values, query.filters.get(name))
        values.sort(key=lambda item: (-item[1], item[0]))
        out[name] = values[: facet.size]
    return out
