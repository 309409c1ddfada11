"""Suggestions in Elasticsearch: a ``completion`` field (keys and ranking: ``search/suggest.py``).

Each document's ``suggest`` field holds one entry per (term, key class): the term's keys
of that class as inputs (``keyword`` analyzer: the keys are already normalised) and a
weight that orders entries as ``static_rank`` does (higher is better). A typed prefix
is one completion suggester request (``build_suggest``); each option says which input
matched (``text``), from which the term and its class are found again in the option's
stored title and topics.
"""

from __future__ import annotations

from collections import Counter

from elasticsearch.dsl import Completion, Search

from ..documents import SearchDocument
from ..suggest import Suggestion, entries, query_key, rank, static_rank, term_keys

CANDIDATES = 200
#: weights are positive: the best static rank (0) weighs the most
WEIGHT_BASE = 10_000


def suggest_field() -> Completion:
    return Completion(analyzer="keyword", search_analyzer="keyword", preserve_separators=False)


def suggest_inputs(doc: SearchDocument) -> list[dict]:
    out = []
    for field, _term, keys in entries(doc):
        by_class: dict[int, list[str]] = {}
        for key, cls in keys:
            by_class.setdefault(cls, []).append(key)
        for cls, inputs in sorted(by_class.items()):
            out.append({"input": inputs, "weight": max(1, WEIGHT_BASE - static_rank(cls, field, doc.kind))})
    return out


def build_suggest(q: str, index: str) -> Search | None:
    key = query_key(q)
    if not key:
        return None
    s = Search(index=index).extra(size=0).source(["kind", "display.title", "display.topics", "display.url"])
    return s.suggest("s", key, completion={"field": "suggest", "size": CANDIDATES, "skip_duplicates": False})


def parse_suggest(q: str, response, limit: int, kind: str | None = None) -> list[Suggestion]:
    key = query_key(q)
    found, counts = [], Counter()
    options = response.suggest.s[0].options if "suggest" in response and response.suggest.s else []
    for option in options:
        source = option._source.to_dict() if hasattr(option._source, "to_dict") else dict(option._source)
        doc_kind = source.get("kind", "")
        if kind and doc_kind != kind:
            continue
        display = source.get("display") or {}
        typed = option.text
        terms = [("title", display.get("title") or ""), *(("topic", t) for t in display.get("topics") or [])]
        for field, term in terms:
            cls = dict(term_keys(term)).get(typed)
            if cls is None:
                continue
            ident = (field, doc_kind, term)
            counts[ident] += 1
            url = display.get("url", "") if field == "title" else ""
            found.append(Suggestion(term, doc_kind, field, url, 1, cls, typed == key and cls in (0, 2, 4)))
            break
    found = [
        Suggestion(s.text, s.kind, s.field, s.url if counts[(s.field, s.kind, s.text)] == 1 else "",
                   counts[(s.field, s.kind, s.text)], s.match, s.exact)
        for s in found
    ]  # fmt: skip
    return rank(found, limit)
