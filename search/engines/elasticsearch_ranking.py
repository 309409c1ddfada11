"""The Elasticsearch engine's scoring clauses: field-weighted words and tier bonuses.

Score of a hit = ``TIER_GAP`` × (1 if every word matched as typed) + 2 × ``TIER_GAP`` ×
(1 if every word matched, asked only when partial or intent matches are allowed) +
``TIER_GAP`` × (1 if not every word matched but the document has a facet value the
query names: ``intent``) + the BM25 of the words over title^10, summary^4, body^1 —
i.e. (3 − tier) × ``TIER_GAP`` + BM25, the same tiers as the other engines' sort key
(``base.TIER_GAP``). The bonuses are named queries, so a hit says whether it is partial
or there through the intent.
"""

from __future__ import annotations

from elasticsearch.dsl import Q

from .. import registry
from ..query import SearchQuery
from .base import FIELD_WEIGHTS, TIER_GAP, exact_terms, has_synonyms, intents_for

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


def intent_filter(query: SearchQuery) -> Q | None:
    """The documents having a facet value the query names (``base.intents_for``), per
    kind that has the facet: ``kind`` term and the facet's ``terms``. None without any."""
    facets = registry.facets()
    clauses = []
    for kind in registry.kind_names():
        by_field: dict[str, list[str]] = {}
        for name, value in intents_for(query, kind):
            by_field.setdefault(facets[name].field, []).append(value)
        if by_field:
            values = [Q("terms", **{field: vals}) for field, vals in by_field.items()]
            clauses.append(Q("bool", filter=[Q("term", kind=kind)], should=values, minimum_should_match=1))
    return Q("bool", should=clauses, minimum_should_match=1) if clauses else None


def tier_bonuses(query: SearchQuery, must: list[Q], intent: Q | None = None) -> list[Q]:
    """Constant scores lifting the tiers apart: every word as typed (``exact``,
    ``TIER_GAP``), every word when partial or intent matches are allowed (``complete``,
    2 × ``TIER_GAP``; a hit without it is partial or an intent hit), and a facet value
    the query names without every word (``intent``, ``TIER_GAP``). Score = bonuses +
    field-weighted BM25."""
    bonuses = []
    complete = Q("bool", filter=must)
    if has_synonyms(query):
        exact = Q("bool", filter=word_queries(exact_terms(query)))
        bonuses.append(Q("constant_score", filter=exact, boost=TIER_GAP, _name="exact"))
    if query.operator != "and" or intent is not None:
        bonuses.append(Q("constant_score", filter=complete, boost=2 * TIER_GAP, _name="complete"))
    if intent is not None:
        only = Q("bool", filter=[intent], must_not=[complete])
        bonuses.append(Q("constant_score", filter=only, boost=TIER_GAP, _name="intent"))
    return bonuses
