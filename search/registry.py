"""Hooks content apps register in their AppConfig.ready(); ``search`` imports no content app.

* ``register_kind(Kind(...))`` — what a kind is (name, label, order, located, facets,
  provider, model; see :mod:`search.kinds`). Engines, views, parameters and the API
  document are built from the registered kinds.
* ``register_provider(kind, callable)`` — (re)sets the provider of a kind: a callable
  returning an iterable of :class:`~search.documents.SearchDocument` for everything of
  that kind that should be public. ``search_reindex`` walks every registered provider.
* ``register_crisis_hotlines(callable)`` — ``callable(request) -> list[dict]`` with keys
  ``name``, ``number``, ``tel``, ``hours``, ``is_24h``; shown above every result when a
  query has crisis intent. ``request`` may be ``None``.
* ``register_facet_labels(facet, callable)`` — ``callable(values) -> {value: label}``
  for a registered facet (e.g. "audience", "area"); the search page
  shows 老年人 for "elders" and 嘉定区 for "310114", and the labels are indexed as text so a
  query 嘉定 finds entries in 310114.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from .documents import SearchDocument
from .kinds import Facet, Kind

logger = logging.getLogger(__name__)

Provider = Callable[[], Iterable[SearchDocument]]
HotlinesProvider = Callable[[object], list[dict]]
LabelProvider = Callable[[list[str]], dict[str, str]]

_kinds: dict[str, Kind] = {}
_providers: dict[str, Provider] = {}
_hotlines: list[HotlinesProvider] = []
_labels: dict[str, LabelProvider] = {}
_choices: dict[str, Callable[[], Iterable[tuple[str, str]]]] = {}
_label_cache: dict[tuple[str, str], tuple[float, str]] = {}
_label_lock = threading.Lock()
LABEL_TTL_SECONDS = 300
#: A full reindex of a national directory meets every village code once; past this
#: many cached labels the cache starts afresh instead of growing without bound.
LABEL_CACHE_MAX = 100_000


def register_provider(kind: str, provider: Provider, count: Callable[[], int] | None = None) -> None:
    """Register the documents of ``kind``; ``count`` (optional) sizes the reindex progress bar."""
    if count is not None:
        try:
            provider.count = count  # read by search_reindex
        except AttributeError:  # e.g. a bound method: wrap it

            def wrapped():
                return provider()

            wrapped.count = count
            provider = wrapped
    _providers[kind] = provider


def providers() -> dict[str, Provider]:
    """Registered providers, in the kinds' order."""
    order = {k.name: i for i, k in enumerate(kinds())}
    return dict(sorted(_providers.items(), key=lambda item: order.get(item[0], len(order))))


_derived: dict[str, object] = {}  # kinds() / facets() computed once per registration


def register_kind(kind: Kind) -> None:
    """Describe a kind (replacing an earlier description of the same name); its
    provider, if it has one, is registered too."""
    _kinds[kind.name] = kind
    _derived.clear()
    if kind.provider is not None:
        register_provider(kind.name, kind.provider, kind.count)


def unregister_kind(name: str) -> None:
    _kinds.pop(name, None)
    _providers.pop(name, None)
    _derived.clear()


def kinds() -> list[Kind]:
    """Every registered kind, in tab order."""
    if "kinds" not in _derived:
        _derived["kinds"] = tuple(sorted(_kinds.values(), key=lambda k: (k.order, k.name)))
    return list(_derived["kinds"])


def kind_names() -> tuple[str, ...]:
    if "names" not in _derived:
        _derived["names"] = tuple(k.name for k in kinds())
    return _derived["names"]


def get_kind(name: str) -> Kind | None:
    return _kinds.get(name)


def facets() -> dict[str, Facet]:
    """Every facet of every kind (first declaration of a name wins), in kind order."""
    if "facets" not in _derived:
        out: dict[str, Facet] = {}
        for kind in kinds():
            for facet in kind.facets:
                out.setdefault(facet.name, facet)
        _derived["facets"] = out
    return dict(_derived["facets"])


def kind_facets(kind: str) -> tuple[str, ...]:
    k = _kinds.get(kind)
    return tuple(f.name for f in k.facets) if k else ()


def hierarchical_facets() -> dict[str, Facet]:
    return {name: f for name, f in facets().items() if f.hierarchy is not None}


def register_crisis_hotlines(provider: HotlinesProvider) -> None:
    if provider not in _hotlines:
        _hotlines.append(provider)


def crisis_hotlines(request=None) -> list[dict]:
    """Every registered hotline (deduplicated by number); never raises."""
    out: list[dict] = []
    seen: set[str] = set()
    for provider in list(_hotlines):
        try:
            lines = list(provider(request) or [])
        except Exception:
            logger.exception("crisis hotline provider %r failed", provider)
            continue
        for line in lines:
            number = str(line.get("number", "")).strip()
            if not number or number in seen:
                continue
            seen.add(number)
            href = dial_href(line)
            out.append(
                {
                    "name": str(line.get("name", "")),
                    "number": number,
                    "tel": href.removeprefix("tel:"),
                    "href": href,
                    "hours": str(line.get("hours", "") or ""),
                    "is_24h": bool(line.get("is_24h", False)),
                }
            )
    return out


def dial_href(item: dict) -> str:
    """The ``tel:`` link a provider gave (``href``, or ``tel`` in either form), as it is:
    the content app that owns the number made it (extensions included); the core never
    rewrites a number."""
    href = str(item.get("href") or item.get("tel") or "").strip()
    if href and not href.lower().startswith("tel:"):
        href = "tel:" + href
    return href


def register_facet_labels(facet: str, provider: LabelProvider) -> None:
    _labels[facet] = provider
    clear_label_cache()


def register_facet_choices(facet: str, provider: Callable[[], Iterable[tuple[str, str]]]) -> None:
    """``provider()`` lists every (value, label) of a facet with few values (audiences,
    service kinds), for editors' forms such as the intent rules'. Large or hierarchical
    facets (areas) register none."""
    _choices[facet] = provider


def facet_choices(facet: str) -> list[tuple[str, str]] | None:
    """Every (value, label) of ``facet``, or None when its app registered no list."""
    provider = _choices.get(facet)
    return None if provider is None else [(str(v), str(label)) for v, label in provider()]


def clear_label_cache() -> None:
    with _label_lock:
        _label_cache.clear()


def facet_labels(facet: str, values: Iterable[str]) -> dict[str, str]:
    """Labels for facet values (cached for a few minutes); unknown values map to themselves."""
    values = [str(v) for v in values]
    provider = _labels.get(facet)
    result = {v: v for v in values}
    if provider is None or not values:
        return result
    now = time.monotonic()
    missing = []
    for v in values:
        hit = _label_cache.get((facet, v))
        if hit and now - hit[0] < LABEL_TTL_SECONDS:
            result[v] = hit[1]
        else:
            missing.append(v)
    if missing:
        try:
            found = provider(missing) or {}
        except Exception:
            logger.exception("facet label provider for %s failed", facet)
            found = {}
        with _label_lock:
            if len(_label_cache) + len(missing) > LABEL_CACHE_MAX:
                _label_cache.clear()
            for v in missing:
                label = str(found.get(v) or v)
                _label_cache[(facet, v)] = (now, label)
                result[v] = label
    return result


def facet_value_known(facet: str, value: str) -> bool | None:
    """Whether the facet's label provider knows ``value`` (None: no provider to ask).
    Uncached: for validating an editor's form, not for searches."""
    provider = _labels.get(facet)
    if provider is None:
        return None
    try:
        return bool((provider([str(value)]) or {}).get(str(value)))
    except Exception:
        logger.exception("facet label provider for %s failed", facet)
        return None


def prime_facet_labels(docs: Iterable[SearchDocument]) -> None:
    """Look up the labels of every facet value of ``docs`` at once (one provider call
    per facet), so that indexing a batch costs no query per document."""
    docs = list(docs)
    for name, facet in facets().items():
        if name not in _labels:
            continue
        values = {v for doc in docs for v in facet.values(doc)}
        if values:
            facet_labels(name, sorted(values))
