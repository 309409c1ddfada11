"""What the embedded index stores for a document, analysed (pure; runs in workers)."""

from __future__ import annotations

import json

from ...documents import SearchDocument
from ...registry import prime_facet_labels
from ...suggest import entries as suggest_entries
from ..base import analysed_fields, facet_values, stored_display
from .schema import key_of, keyed_facet

PREPARE_BATCH = 256


def prepare(doc: SearchDocument) -> tuple:
    """(id, kind, lat, lng, display JSON, title, summary, body, facet pairs,
    (url, suggestion entries))."""
    title, summary, body = analysed_fields(doc)
    lat = lng = None
    if doc.location:
        lat, lng = float(doc.location[0]), float(doc.location[1])
    pairs = sorted((name, value.replace("\t", " ")) for name, values in facet_values(doc).items() for value in values)
    return (
        doc.id,
        doc.kind,
        lat,
        lng,
        json.dumps(stored_display(doc), ensure_ascii=False, default=str),
        title,
        summary,
        body,
        pairs,
        (doc.url, suggest_entries(doc)),
    )


def prepare_batch(docs: list[SearchDocument]) -> list[tuple]:
    """``prepare`` for a batch, plus each document's row-id block (runs in workers).

    The facet labels of the whole batch are looked up first, in one query per facet.
    """
    prime_facet_labels(docs)
    facet = keyed_facet()
    return [(*prepare(doc), key_of(facet.values(doc), facet) if facet else 0) for doc in docs]


def worker_init() -> None:
    from ...analysis import dictionaries

    dictionaries()
