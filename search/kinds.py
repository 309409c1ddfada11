"""What content apps make searchable: kind and facet descriptors, and hierarchies.

The search core knows no kind, no facet and no code scheme of its own. Each content
app describes what it hands over in its ``AppConfig.ready()``::

    from search.kinds import Facet, Kind
    from search.registry import register_kind

    register_kind(Kind(
        name="service", label=_("服务机构"), order=1, located=True,
        facets=(AUDIENCE, AREA, Facet("service_kind", _("机构类型"))),  # values in doc.facets
        provider=all_documents, model="directory.ServicePoint",
    ))

Engines build their tables, mappings and aggregations from the registered kinds
(``search.registry.kinds()`` / ``facets()``); the views build the tabs, the facet
groups and the parameter checks from them.

A facet with a :class:`Hierarchy` is *hierarchical*: a document carries its value and
every ancestor (so filtering by any level is one equality test), the facet shows the
level below the selected value, and an engine may use the hierarchy's ``position`` to
keep the documents of one subtree together (the embedded engine keys its row ids on
it, so a filter by any ancestor is one row-id range).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .documents import SearchDocument

#: Facet values that are not hierarchical: slugs.
SLUG_PATTERN = r"^[\w.:-]{1,64}$"


class Hierarchy:
    """A tree of facet values, supplied by the app that owns the codes.

    Subclasses implement every method; values are strings. ``position`` maps a value
    to an integer below ``max_position`` so that every descendant of ``v`` lies within
    ``span(v)`` (inclusive) — e.g. codes padded to a fixed width.
    """

    #: exclusive upper bound of ``position``
    max_position: int = 0
    #: a regular expression every valid value (as a filter parameter) matches
    pattern: str = SLUG_PATTERN

    def valid(self, value: str) -> bool:
        return bool(re.match(self.pattern, value or ""))

    def depth(self, value: str) -> int:
        """Grows with depth; values on one level share it."""
        raise NotImplementedError

    def parent(self, value: str) -> str | None:
        raise NotImplementedError

    def position(self, value: str) -> int | None:
        raise NotImplementedError

    def span(self, value: str) -> tuple[int, int] | None:
        raise NotImplementedError

    def contains(self, ancestor: str, value: str) -> bool:
        span, pos = self.span(ancestor), self.position(value)
        return span is not None and pos is not None and span[0] <= pos <= span[1]

    def deepest(self, values: Iterable[str]) -> str | None:
        """The most specific valid value of ``values`` (a document's own place)."""
        best, best_depth = None, None
        for value in values or ():
            if self.position(value) is None:
                continue
            d = self.depth(value)
            if best_depth is None or d > best_depth:
                best, best_depth = value, d
        return best


@dataclass(frozen=True)
class Facet:
    """A filterable, countable field of the documents.

    ``attr`` names the :class:`SearchDocument` attribute holding the values; without it
    the values are ``doc.facets[name]``. ``help`` describes the parameter in the API
    document; ``invalid`` is the message for a value that does not match ``pattern``
    (or the hierarchy's).
    """

    name: str
    label: str
    attr: str | None = None
    hierarchy: Hierarchy | None = None
    help: str = ""
    invalid: str = ""
    pattern: str = SLUG_PATTERN
    #: at most this many values are shown (hierarchical facets ask engines for more)
    size: int = 50

    def values(self, doc: SearchDocument) -> list[str]:
        raw = getattr(doc, self.attr, None) if self.attr else (doc.facets or {}).get(self.name)
        return [str(v) for v in raw or () if v is not None and str(v) != ""]

    @property
    def field(self) -> str:
        """The field name engines store the values under."""
        return self.attr or self.name

    def valid(self, value: str) -> bool:
        if self.hierarchy is not None:
            return self.hierarchy.valid(value)
        return bool(re.match(self.pattern, value or "", re.UNICODE))


@dataclass(frozen=True)
class Kind:
    """One kind of searchable thing (its documents have ``kind == name``).

    ``order`` sorts the tabs; ``browse_order`` (default ``order``) decides which kind
    comes first among equally scored results (browsing without words). ``located``
    kinds have a location (nearest first with ``near``); the others come after them.
    ``provider()`` yields every public document (a full rebuild walks it); ``count()``
    sizes the progress bar. ``model`` ("app_label.Model") says where the documents
    come from, for people and checks; the core never imports it.

    Page kinds also give ``documents_for(pks)`` (the public documents among those
    primary keys) and ``document_id(pk)``: with them, ``search.page_index`` keeps the
    kind's documents in step with every publish, unpublish, delete, move, slug change
    and privacy change of a page or of any of its ancestors — no per-app signals.

    ``intent_text`` says why a hit found through the query's intent is there (see
    ``search.index.explain``).
    """

    name: str
    label: str
    order: int = 100
    located: bool = False
    facets: tuple[Facet, ...] = ()
    provider: Callable[[], Iterable[SearchDocument]] | None = None
    count: Callable[[], int] | None = None
    model: str = ""
    browse_order: int | None = None
    documents_for: Callable[[list[int]], Iterable[SearchDocument]] | None = None
    document_id: Callable[[int], str] | None = None
    #: heading above this kind's hits found through a facet value the query names (an
    #: intent rule: 产后抑郁 → audience ``perinatal``), with ``{label}`` for the value's
    #: label, e.g. _("为{label}提供服务的机构"); empty: a generic heading
    intent_text: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def tie_order(self) -> int:
        return self.order if self.browse_order is None else self.browse_order
