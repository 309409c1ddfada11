"""The PostgreSQL engine's rows: tsvector and tsquery text, one document's row, partitions.

The table (migration ``search.0003``) is partitioned by kind, like the embedded engine's
one FTS5 table per kind: each kind has its own GIN index and its own statistics, so the
500,000 near-identical consultation rooms neither fill the article searches' posting
lists nor skew the planner's estimates for them. Rows of a kind without a partition go
to the default partition (correct, only slower) until the next rebuild creates it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from itertools import combinations

from ...documents import SearchDocument
from ...registry import prime_facet_labels
from ..base import analysed_fields, check_kind, facet_values, minimum_should_match, stored_display
from .suggest import rows_of as suggest_rows

TABLE = "search_pg_document"
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 255
COLUMNS = "id, kind, tsv, facets, lat, lng, data"
INSERT = f"INSERT INTO {TABLE} ({COLUMNS}) VALUES (%s, %s, %s::tsvector, %s, %s, %s, %s::jsonb)"  # noqa: S608
SAFE_KIND = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
#: A kind with at most this many rows is matched through its GIN index (``search_pg_match``)
SMALL_KIND = 100_000
_sizes: tuple[float, dict[str, float]] = (0.0, {})


def lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(fields: Iterable[tuple[str, str]], facets: Iterable[str] = ()) -> str:
    """``'word':1A,4A 'other':2B 'area=31'`` from (analysed text, weight) pairs, in order,
    and the facet values (``name=value``: never a token, which has no ``=``) without
    positions, so filters are lexemes of the same GIN index. ``ts_rank`` (normalisation
    0) only reads the query's lexemes, so the extra ones do not change any score."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for text, weight in fields:
        for token in text.split():
            pos = min(pos + 1, MAX_POSITION)
            token = token[:500]
            seen = positions.setdefault(token, [])
            if len(seen) < MAX_POSITIONS_PER_LEXEME:
                seen.append(f"{pos}{weight}")
    words = [f"{lexeme(tok)}:{','.join(ps)}" for tok, ps in positions.items()]
    return " ".join(words + [lexeme(f) for f in facets])


def tsquery_literal(groups: list[tuple[str, ...]], operator: str = "and") -> str:
    if operator == "or":
        return " | ".join(lexeme(a) for a in sorted({a for alts in groups for a in alts}))
    if operator == "most" and len(groups) > 1:
        subsets = combinations(groups, minimum_should_match(len(groups)))
        return " | ".join(f"({tsquery_literal(list(sub))})" for sub in subsets)
    return " & ".join("(" + " | ".join(lexeme(a) for a in alts) + ")" for alts in groups)


def filter_tsquery(filters: dict[str, list[str]]) -> str:
    """The filters as tsquery text: AND over facets of OR over each facet's values."""
    return " & ".join("(" + " | ".join(lexeme(f"{name}={v}") for v in values) + ")" for name, values in filters.items())


def prepare(doc: SearchDocument) -> tuple:
    """The row for ``doc`` and its suggestion rows (pure; runs in the rebuild's workers)."""
    check_kind(doc)
    title, summary, body = analysed_fields(doc)
    lat = lng = None
    if doc.location:
        lat, lng = float(doc.location[0]), float(doc.location[1])
    facets = [f"{name}={value}" for name, values in facet_values(doc).items() for value in values]
    tsv = tsvector_literal([(title, "A"), (summary, "B"), (body, "D")], facets)
    display = json.dumps(stored_display(doc), ensure_ascii=False, default=str)
    # the last item: the document's suggestion rows (``suggest.py``), written apart
    return (doc.id, doc.kind, tsv, facets, lat, lng, display, suggest_rows(doc))


def prepare_batch(docs: list[SearchDocument]) -> list[tuple]:
    prime_facet_labels(docs)
    return [prepare(doc) for doc in docs]


def worker_init() -> None:
    from ...analysis import dictionaries

    dictionaries()


def partition_name(kind: str) -> str:
    return f"{TABLE}_k_{kind}"


def missing_partitions(cur, kinds: Iterable[str]) -> list[str]:
    """Registered kinds (with a safe name) that have no partition yet."""
    cur.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
        [TABLE],
    )
    have = {name for (name,) in cur.fetchall()}
    return [k for k in kinds if SAFE_KIND.match(k) and partition_name(k) not in have]


def kind_sizes(cur, max_age: float = 300.0) -> dict[str, float]:
    """Rows per kind partition as the last ``ANALYZE`` counted them (cached per process)."""
    global _sizes
    if time.monotonic() - _sizes[0] > max_age:
        cur.execute(
            "SELECT c.relname, c.reltuples FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
            [TABLE],
        )
        prefix = partition_name("")
        sizes = {name[len(prefix) :]: n for name, n in cur.fetchall() if name.startswith(prefix)}
        _sizes = (time.monotonic(), sizes)
    return _sizes[1]


def create_partitions(cur, kinds: Iterable[str]) -> None:
    """One partition per kind; the caller has emptied the table (a partition cannot be
    carved out of a default partition holding rows of its kind)."""
    for kind in kinds:
        if not SAFE_KIND.match(kind):
            continue
        cur.execute(f"CREATE TABLE IF NOT EXISTS {partition_name(kind)} PARTITION OF {TABLE} FOR VALUES IN ('{kind}')")
