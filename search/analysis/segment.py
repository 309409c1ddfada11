"""The Chinese segmenter (rjieba), loaded once per process.

``rjieba`` keeps one dictionary per process; :func:`ensure_loaded` loads it on
first use (≈0.16 s) and adds the domain vocabulary (synonym and crisis terms) so
that words such as 情绪低落 or 阿尔茨海默病 stay whole tokens.
"""

from __future__ import annotations

import re
import threading
import time

import rjieba

_lock = threading.Lock()
_loaded = False
_known_words: set[str] = set()
#: Seconds the first load took in this process (for docs/benchmarks.md).
load_seconds: float | None = None

# A token is kept only if it is made of letters/digits; this matches what the
# FTS5 unicode61 tokenizer and Elasticsearch's whitespace analyzer will see, so
# a token never turns into a phrase.
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def ensure_loaded() -> None:
    global _loaded, load_seconds
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        started = time.perf_counter()
        rjieba.cut("预热")  # forces the dictionary to load
        load_seconds = time.perf_counter() - started
        _loaded = True


def add_words(words) -> None:
    """Teach the segmenter domain words (idempotent, cheap for known words)."""
    ensure_loaded()
    with _lock:
        for word in words:
            if word and word not in _known_words and len(word) > 1:
                rjieba.add_word(word, None, None)
                _known_words.add(word)
                _subword_cache.clear()


def _split(tokens) -> list[str]:
    """Letter/digit runs of the segmenter's tokens, in order.

    One regular-expression pass over the tokens joined by spaces: a token made of
    letters and digits comes out whole, one with punctuation or spaces in it comes
    out as its letter/digit runs, and whitespace or punctuation tokens disappear.
    """
    return _WORD_RE.findall(" ".join(tokens))


#: Dictionary sub-words of four or more characters inside a long token, per token
#: (the vocabulary is small and repeats; cleared when words are added).
_subword_cache: dict[str, tuple[str, ...]] = {}
_SUBWORD_CACHE_MAX = 200_000


def _long_subwords(tok: str) -> tuple[str, ...]:
    hit = _subword_cache.get(tok)
    if hit is not None:
        return hit
    n = len(tok)
    found = tuple(
        tok[i : i + size] for size in range(4, n) for i in range(n - size + 1) if rjieba.has_word(tok[i : i + size])
    )
    if len(_subword_cache) >= _SUBWORD_CACHE_MAX:
        _subword_cache.clear()
    _subword_cache[tok] = found
    return found


def cut_for_search(text: str) -> list[str]:
    """Search-mode segmentation (whole words plus their sub-words), for indexing.

    jieba's search mode adds the 2- and 3-character dictionary words inside a long
    word; we also add the longer ones (心理咨询 inside 心理咨询室), so a query for any
    dictionary word finds the longer words that contain it.
    """
    ensure_loaded()
    tokens = _split(rjieba.cut_for_search(text))
    extra: list[str] = []
    for tok in tokens:
        if len(tok) >= 5 and not tok.isascii():
            extra.extend(_long_subwords(tok))
    return tokens + extra if extra else tokens


def cut(text: str) -> list[str]:
    """Precise-mode segmentation, for queries."""
    ensure_loaded()
    return _split(rjieba.cut(text))
