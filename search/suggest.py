"""Suggestions as you type: what is suggested, its match keys and its ranking.

Engine-independent and content-agnostic: a document offers its ``title`` and each of
its ``topics`` as suggestion *terms*; a term is found through its *keys*:

* class 0 — the normalised term itself (letters and digits only): "starts with";
* class 1 — the term from each later word on (search-mode words, so 咨询室 inside
  心理咨询室): "contains" at a word;
* class 2 — the full pinyin of the term (``shimian``); class 3 — of each later word on;
* class 4 — the pinyin initials of the term (``sm``).

A query (normalised the same way; ``shi mian`` → ``shimian``) matches a key it is a
prefix of. Ranking (the same signals as search, in this order): an exact key before a
prefix; the key's class; topics before titles; the kind's order; more documents
sharing the term; shorter terms. Keys are cut to ``KEY_CHARS`` characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import registry
from .analysis import normalize, pinyin, segment, squeeze
from .documents import SearchDocument

KEY_CHARS = 32
#: later-word keys per term (text and pinyin each)
MAX_INNER = 8
MAX_LIMIT = 20
DEFAULT_LIMIT = 8
FIELDS = ("topic", "title")

START, INNER, PINYIN, PINYIN_INNER, INITIALS = range(5)
#: the API's names of the match classes
MATCH_NAMES = ("start", "contains", "pinyin", "pinyin_contains", "initials")


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: str
    field: str
    url: str = ""
    count: int = 1
    #: how it matched: START … INITIALS (see the module's docstring)
    match: int = START
    exact: bool = False


def query_key(q: str) -> str:
    """What a typed query is matched as: normalised, letters and digits only."""
    return squeeze((q or "")[:200])[:KEY_CHARS]


def _units(words: list[str]) -> list[tuple[int, str]]:
    """(character offset, pinyin) of each syllable of the squeezed words; a word whose
    syllables do not map one to a character (Latin, digits) is one unit."""
    units, offset = [], 0
    for word in words:
        parts = pinyin.syllables(word)
        if len(parts) == len(word):
            units.extend((offset + i, p) for i, p in enumerate(parts))
        elif parts:
            units.append((offset, "".join(parts)))
        offset += len(word)
    return units


def term_keys(term: str) -> list[tuple[str, int]]:
    """(key, class) pairs of a term, each key at most once (its best class).

    "Contains" keys start where a word of the search-mode segmentation starts
    (心理咨询室 → 咨询室, 咨询 …), at most ``MAX_INNER`` of them."""
    normalized = normalize(term)
    words = [w for w in (squeeze(w) for w in segment.cut(normalized)) if w]
    if not words:
        return []
    text = "".join(words)
    out: dict[str, int] = {}

    def add(key: str, cls: int) -> None:
        key = key[:KEY_CHARS]
        if key and (key not in out or cls < out[key]):
            out[key] = cls

    units = _units(words)
    add(text, START)
    add("".join(p for _o, p in units), PINYIN)
    add("".join(p[0] for _o, p in units), INITIALS)
    starts = set()
    for token in segment.cut_for_search(normalized):
        token = squeeze(token)
        at = text.find(token, 1) if token else -1
        while at > 0:
            starts.add(at)
            at = text.find(token, at + 1)
    by_offset = {o for o, _p in units}
    for at in sorted(starts)[:MAX_INNER]:
        if len(text) - at >= 2:
            add(text[at:], INNER)
        if at in by_offset:
            add("".join(p for o, p in units if o >= at), PINYIN_INNER)
    return sorted(out.items())


def entries(doc: SearchDocument) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(field, term, keys) a document offers; terms without keys are left out."""
    out = []
    seen = set()
    for field, term in [("title", doc.title or ""), *(("topic", t or "") for t in doc.topics or [])]:
        term = " ".join(term.split())[:200]
        if not term or (field, term) in seen:
            continue
        seen.add((field, term))
        keys = term_keys(term)
        if keys:
            out.append((field, term, keys))
    return out


def static_rank(cls: int, field: str, kind: str) -> int:
    """The part of the ranking known at index time (smaller is better)."""
    k = registry.get_kind(kind)
    order = min(max(k.order if k is not None else 99, 0), 99)
    return cls * 1000 + FIELDS.index(field) * 100 + order if field in FIELDS else cls * 1000 + 900 + order


def rank(suggestions: list[Suggestion], limit: int) -> list[Suggestion]:
    """Best first, each text once (its best match), at most ``limit``."""
    ordered = sorted(
        suggestions,
        key=lambda s: (not s.exact, s.match, static_rank(0, s.field, s.kind), -s.count, len(s.text), s.text),
    )
    out, seen = [], set()
    for s in ordered:
        if s.text in seen:
            continue
        seen.add(s.text)
        out.append(s)
        if len(out) >= limit:
            break
    return out


def prefix_upper(key: str) -> str:
    """The smallest string greater than every string starting with ``key``."""
    return key[:-1] + chr(ord(key[-1]) + 1)
