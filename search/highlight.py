"""Safe highlighting: escape everything, then wrap hits in <mark>.

Hits are found on the normalised text (so 睡不著 in a document is marked for the
query 睡不着) and mapped back to the original characters when normalisation kept
the length, which it does for Chinese text (t2s is character for character).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .analysis import normalize

SNIPPET_CHARS = 120


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in words if w))


@lru_cache(maxsize=256)
def _normalized(text: str) -> str:
    """``normalize(text)``, remembered: ``best_snippet`` looks at a text, then cuts its
    snippet from the same text (a page normalises each summary twice otherwise)."""
    return normalize(text)


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    if not text or not any(words):
        return []
    norm = _normalized(text)
    if len(norm) != len(text):
        norm = text.lower()
        if len(norm) != len(text):
            return []
    pattern = _pattern(tuple(words))
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(norm):
        if m.end() > m.start():
            spans.append((m.start(), m.end()))
    return spans


def _render(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s < pos:
            continue
        out.append(escape(text[pos:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, words: list[str]) -> SafeString:
    """The whole text, escaped, with every hit marked."""
    return mark_safe(_render(text or "", _spans(text or "", words)))


#: Prefix lengths a long text is searched in before all of it: a snippet needs only
#: the first hit and the ``length`` characters around it, and normalising a 4,000-
#: character body for every hit of a page cost more than the rest of its JSON.
_PREFIXES = (600, 2400)
#: Hits this close to a prefix's cut are not trusted (a conversion may span the cut).
_EDGE = 8


def _leading_spans(text: str, words: list[str], length: int) -> list[tuple[int, int]]:
    """The hits a snippet of ``length`` characters around the first one needs: those of
    the shortest prefix that holds the first hit and its whole window (the same spans
    as the whole text's, up to there), else the whole text's."""
    for cut in _PREFIXES:
        if cut >= len(text):
            break
        safe = cut - _EDGE
        spans = [span for span in _spans(text[:cut], words) if span[1] <= safe]
        if spans and max(0, spans[0][0] - length // 4) + length <= safe:
            return spans
    return _spans(text, words)


def _cut(text: str, spans: list[tuple[int, int]], length: int) -> SafeString:
    if not spans:
        cut = text[:length]
        return mark_safe(escape(cut) + ("…" if len(text) > length else ""))
    first = spans[0][0]
    start = max(0, first - length // 4)
    end = min(len(text), start + length)
    body = _render(text, spans, start, end)
    return mark_safe(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))


def snippet(text: str, words: list[str], length: int = SNIPPET_CHARS) -> SafeString:
    """A window of ``length`` characters around the first hit, escaped and marked."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    return _cut(text, _leading_spans(text, words, length), length)


def best_snippet(texts: list[str], words: list[str], length: int = SNIPPET_CHARS) -> SafeString:
    """Snippet of the first text with a hit (summary, then body), else of the first non-empty text."""
    first = ""
    for raw in texts:
        text = " ".join((raw or "").split())  # one text at a time: a hit in the summary spares the body
        if text:
            spans = _leading_spans(text, words, length)
            if spans:
                return _cut(text, spans, length)
            first = first or text
    return _cut(first, [], length) if first else mark_safe("")
