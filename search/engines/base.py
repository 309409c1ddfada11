"""The interface both engines implement, and helpers they share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ..analysis import index_text
from ..documents import KINDS, SearchDocument
from ..query import FILTER_FIELDS, RESULT_WINDOW, SearchQuery, SearchResults
from ..registry import facet_labels

Progress = Callable[[int], None]


class EngineUnavailable(Exception):
    """The engine cannot answer right now (e.g. the cluster is unreachable)."""


class Engine:
    name = "base"

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

    def rebuild(self, docs: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to ``size`` consecutive items (itertools.batched needs Python 3.12)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def valid_kind(kind: str) -> bool:
    return kind in KINDS


def label_text(doc: SearchDocument) -> str:
    """Facet labels of a document (老年人, 嘉定区 …) as extra searchable text."""
    parts: list[str] = []
    for facet, attr in FILTER_FIELDS.items():
        values = getattr(doc, attr) or []
        if not values:
            continue
        labels = facet_labels(facet, values)
        parts.extend(label for value, label in labels.items() if label and label != value)
    return " ".join(parts)


def analysed_fields(doc: SearchDocument) -> tuple[str, str, str]:
    """(title, summary, body) as space-separated index tokens."""
    body = doc.body or ""
    extra = label_text(doc)
    if extra:
        body = f"{body}\n{extra}"
    return index_text(doc.title), index_text(doc.summary), index_text(body)


def fts_terms(query: SearchQuery) -> list[tuple[str, ...]]:
    """AND of ORs: each inner tuple lists the alternatives of one query word."""
    return [term.alternatives for term in query.plan.terms]
