"""The Elasticsearch engine's scoring clauses: field-weighted words and tier bonuses.

Score of a hit = ``TIER_GAP`` × (1 if every word matched as typed) + ``TIER_GAP`` × (1 if
every word matched, asked only when partial matches are allowed) + the BM25 of the
words over title^10, summary^4, body^1 — the same tiers as the other engines' sort key
(``base.TIER_GAP``). The bonuses are named queries, so a hit says whether it is partial.
"""

from __future__ import annotations

from elasticsearch.dsl import Q

from ..query import SearchQuery
from .base import FIELD_WEIGHTS, TIER_GAP, exact_terms, has_synonyms

WEIGHTS = {name: int(weight) for name, weight in FIELD_WEIGHTS.items()}


def word_queries(groups: list[tuple[str, ...]]) -> list[Q]:
    """One field-weighted ``multi_match`` per query word (its alternatives ORed)."""
    return [
        Q(
            "multi_match",
            query=" ".join(alts),
            fields=[f"{f}^{w}" for f, w in WEIGHTS.items()],
            type="most_fields",
            operator="or",
        )
        for alts in groups
    ]


def tier_bonuses(query: SearchQuery, must: list[Q]) -> list[Q]:
    """Constant scores lifting the tiers apart (``base.TIER_GAP`` each): every word as
    typed (``exact``) and, when partial matches are allowed, every word (``complete``;
    a hit without this named query is partial). Score = bonuses + field-weighted BM25."""
    bonuses = []
    if has_synonyms(query):
        exact = Q("bool", filter=word_queries(exact_terms(query)))
        bonuses.append(Q("constant_score", filter=exact, boost=TIER_GAP, _name="exact"))
    if query.operator != "and":
        bonuses.append(Q("constant_score", filter=Q("bool", filter=must), boost=TIER_GAP, _name="complete"))
    return bonuses
