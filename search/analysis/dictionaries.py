"""Shipped + editor dictionaries (synonyms, crisis phrases, stop words, intent rules), cached.

The merged dictionaries are built once per process and rebuilt when the
``search-dictionaries`` generation changes (anxin/cache/generations.py); saving or
deleting a SynonymGroup or CrisisPhrase bumps it (see ``search.signals``), so every
process (they share the cache) picks the change up within ``CHECK_INTERVAL``.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from importlib import resources

from django.db import DatabaseError

from anxin.cache import generations

from . import segment
from .normalize import normalize, squeeze

logger = logging.getLogger(__name__)

GENERATION = "search-dictionaries"
_SPLIT_RE = re.compile(r"[,，、;；/|\s]+")


def split_terms(text: str) -> list[str]:
    return [t for t in (s.strip() for s in _SPLIT_RE.split(text or "")) if t]


def _read_data(name: str) -> list[str]:
    text = resources.files("search.analysis").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@dataclass
class Dictionaries:
    version: str
    #: normalised term → sorted tuple of all normalised terms in its group(s)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: squeezed crisis phrases
    crisis: tuple[str, ...] = ()
    stopwords: frozenset[str] = frozenset()
    groups: int = 0
    #: intent rules: (squeezed phrase, facet, value), longest phrase first
    intents: tuple[tuple[str, str, str], ...] = ()


_lock = threading.Lock()
_current: Dictionaries | None = None


def shipped_synonym_groups() -> list[list[str]]:
    return [split_terms(line) for line in _read_data("synonyms.txt")]


def shipped_crisis_phrases() -> list[str]:
    return _read_data("crisis.txt")


def _editor_entries() -> tuple[list[list[str]], list[str], list[tuple[str, str, str]]] | None:
    from ..models import CrisisPhrase, IntentRule, SynonymGroup

    try:
        groups = [split_terms(t) for t in SynonymGroup.objects.filter(enabled=True).values_list("terms", flat=True)]
        phrases = list(CrisisPhrase.objects.filter(enabled=True).values_list("phrase", flat=True))
        rules = IntentRule.objects.filter(enabled=True).values_list("phrases", "facet", "value")
        intents = [(p, facet, value) for text, facet, value in rules for p in split_terms(text)]
    except (DatabaseError, RuntimeError):  # not migrated yet, no database (bench), DB access blocked (tests)
        logger.debug("search dictionaries: editor tables unavailable", exc_info=True)
        return None
    return groups, phrases, intents


def build(version: str, include_editor: bool = True) -> Dictionaries:
    groups = shipped_synonym_groups()
    phrases = shipped_crisis_phrases()
    intent_rules: list[tuple[str, str, str]] = []
    if include_editor:
        editor = _editor_entries()
        if editor is None:
            # try again at the next check instead of caching a dictionary without them
            version = f"incomplete:{version}"
        else:
            groups += editor[0]
            phrases += editor[1]
            intent_rules = editor[2]

    members: dict[str, set[str]] = {}
    vocabulary: set[str] = set()
    real_groups = 0
    for group in groups:
        terms = {normalize(t).replace(" ", "") for t in group}
        terms.discard("")
        if len(terms) < 2:
            continue
        real_groups += 1
        vocabulary |= terms
        for term in terms:
            members.setdefault(term, set()).update(terms)
    crisis = tuple(sorted({squeeze(p) for p in phrases} - {""}))
    vocabulary |= set(crisis)
    intents = {(squeeze(p), f.strip(), v.strip()) for p, f, v in intent_rules}
    intents = {rule for rule in intents if all(rule)}
    vocabulary |= {p for p, _f, _v in intents}
    segment.add_words(sorted(vocabulary))
    stopwords = frozenset(normalize(w) for w in _read_data("stopwords.txt"))
    return Dictionaries(
        version=version,
        synonyms={t: tuple(sorted(m)) for t, m in members.items()},
        crisis=crisis,
        stopwords=stopwords,
        groups=real_groups,
        intents=tuple(sorted(intents, key=lambda r: (-len(r[0]), r))),
    )


#: How often (seconds) a process asks the shared cache whether editors changed the
#: dictionaries; a change in this process applies at once (``invalidate``).
CHECK_INTERVAL = 1.0
_checked_at = 0.0


def current() -> Dictionaries:
    """The merged dictionaries, rebuilt if an editor changed them."""
    global _current, _checked_at
    dicts = _current
    now = time.monotonic()
    if dicts is not None and now - _checked_at < CHECK_INTERVAL:
        return dicts
    _checked_at = now
    try:
        version = str(generations.get(GENERATION))
    except Exception:  # a cache outage must not break search
        logger.warning("search dictionaries: cache unavailable", exc_info=True)
        version = _current.version if _current else "initial"
    dicts = _current
    if dicts is not None and dicts.version == version:
        return dicts
    with _lock:
        if _current is None or _current.version != version:
            _current = build(version)
        return _current


def invalidate() -> None:
    """Called on SynonymGroup/CrisisPhrase/IntentRule save and delete."""
    global _current
    generations.bump(GENERATION)
    with _lock:
        _current = None
