"""Pinyin of titles and topics, for suggestions and for crisis phrases typed in pinyin.

``keys(text)`` gives the full pinyin (``shimian``) and the initials (``sm``) of a text,
word by word through the search segmenter (so heteronyms read as in their word:
长期 → changqi) with ``pypinyin``; each word's syllables are cached per process.
A query is *pinyin-like* when, squeezed, it is ASCII letters only (``shi mian`` →
``shimian``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import lazy_pinyin

from . import segment
from .normalize import normalize, squeeze

_LETTERS = re.compile(r"^[a-z]+$")
_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=65536)
def _syllables(word: str) -> tuple[str, ...]:
    out = []
    for syllable in lazy_pinyin(word, errors="default"):
        cleaned = _NON_ALNUM.sub("", syllable.lower())
        if cleaned:
            out.append(cleaned)
    return tuple(out)


def syllables(text: str) -> list[str]:
    """The pinyin syllables of ``text`` (Latin words and digits kept as they are)."""
    out: list[str] = []
    for word in segment.cut(normalize(text)):
        out.extend(_syllables(word))
    return out


def keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of ``text``, letters and digits only: 失眠 → (shimian, sm)."""
    parts = syllables(text)
    return "".join(parts), "".join(p[0] for p in parts)


def is_pinyin_like(text: str) -> bool:
    """True when ``text`` squeezed is ASCII letters only (``shi mian``, ``SM``)."""
    return bool(_LETTERS.match(squeeze(text or "")))


@lru_cache(maxsize=8)
def crisis_pinyin(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Full pinyin of the crisis phrases (自杀 → zisha); phrases already in Latin
    letters are left to the ordinary match. Only phrases of at least two syllables, so
    that a short syllable inside an unrelated word does not count."""
    out = set()
    for phrase in phrases:
        if phrase.isascii():
            continue
        parts = syllables(phrase)
        if len(parts) >= 2:
            out.add("".join(parts))
    return tuple(sorted(out))


def is_crisis_pinyin(squeezed: str, phrases: tuple[str, ...]) -> bool:
    """``squeezed`` (a squeezed query of ASCII letters) contains a crisis phrase's pinyin."""
    if not squeezed or not _LETTERS.match(squeezed):
        return False
    return any(p in squeezed for p in crisis_pinyin(phrases))
