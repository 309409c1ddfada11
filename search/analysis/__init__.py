"""One analysis pipeline for every engine.

``analyze`` turns document text into index tokens; ``analyze_query`` turns what a
reader typed into a :class:`QueryPlan` (terms with their synonyms, crisis intent,
words to highlight). Both engines see the same tokens: the embedded engine's FTS5
table and Elasticsearch's whitespace analyzer only split on the spaces we put in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import pinyin, segment
from .dictionaries import current as dictionaries
from .normalize import normalize, squeeze

__all__ = [
    "QueryPlan",
    "Term",
    "analyze",
    "analyze_query",
    "dictionaries",
    "index_text",
    "is_crisis",
    "normalize",
    "squeeze",
]

#: Queries are cut to this many characters and terms before analysis; nobody types
#: more, and it bounds the work a hostile query can cause.
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
#: At most this many facet values a query's intent rules add (see ``QueryPlan.intents``).
MAX_INTENTS = 4


@dataclass(frozen=True)
class Term:
    """One query word and the words that count as the same (itself included)."""

    token: str
    alternatives: tuple[str, ...]


@dataclass
class QueryPlan:
    raw: str
    normalized: str
    terms: list[Term] = field(default_factory=list)
    crisis: bool = False
    #: (facet, value) pairs the query names through an intent rule (产后抑郁 → audience
    #: ``perinatal``): documents having one are found and ranked below complete matches
    intents: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.terms

    def highlight_words(self) -> list[str]:
        words = {alt for term in self.terms for alt in term.alternatives}
        return sorted(words, key=len, reverse=True)


def analyze(text: str) -> list[str]:
    """Index tokens for a text: normalised, search-mode segmented, stop words dropped."""
    if not text:
        return []
    stop = dictionaries().stopwords
    return [tok for tok in segment.cut_for_search(normalize(text)) if tok not in stop]


def index_text(text: str) -> str:
    return " ".join(analyze(text))


def is_crisis(text: str) -> bool:
    if not text:
        return False
    squeezed = squeeze(text[: MAX_QUERY_CHARS * 4])
    crisis = dictionaries().crisis
    return any(phrase in squeezed for phrase in crisis) or pinyin.is_crisis_pinyin(squeezed, crisis)


def analyze_query(text: str) -> QueryPlan:
    text = text or ""
    dicts = dictionaries()
    crisis = is_crisis(text)
    normalized = normalize(text[:MAX_QUERY_CHARS])
    tokens = segment.cut(normalized)
    kept = [t for t in tokens if t not in dicts.stopwords] or tokens
    seen: set[str] = set()
    terms: list[Term] = []
    for tok in kept:
        if tok in seen:
            continue
        seen.add(tok)
        terms.append(Term(tok, dicts.synonyms.get(tok, (tok,))))
        if len(terms) >= MAX_TERMS:
            break
    return QueryPlan(raw=text, normalized=normalized, terms=terms, crisis=crisis, intents=intents_of(text, dicts))


def intents_of(text: str, dicts=None) -> list[tuple[str, str]]:
    """The (facet, value) pairs of the intent rules whose phrase the query contains, after
    the crisis phrases' normalisation (NFKC, t2s, lower case, letters and digits only)."""
    rules = (dicts or dictionaries()).intents
    if not text or not rules:
        return []
    squeezed = squeeze(text[:MAX_QUERY_CHARS])
    found: list[tuple[str, str]] = []
    for phrase, facet, value in rules:
        if phrase in squeezed and (facet, value) not in found:
            found.append((facet, value))
            if len(found) >= MAX_INTENTS:
                break
    return found
