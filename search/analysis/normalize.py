"""Character-level normalisation shared by indexing, querying and crisis detection.

NFKC (which also folds full-width ASCII and the ideographic space to half-width),
traditional → simplified through OpenCC ``t2s``, a small supplementary mapping for
variants OpenCC leaves alone (著 in 睡不著, 妳 …), then lower case.
"""

from __future__ import annotations

import re
import threading
import unicodedata

import opencc

# Phrase-level fixes applied after OpenCC (which keeps 著 because it is also a
# valid simplified character, as in 著名). Longest keys first.
SUPPLEMENTARY = {
    "睡不著": "睡不着",
    "睡著": "睡着",
    "活著": "活着",
    "著急": "着急",
    "執著": "执着",
    "执著": "执着",
    "沉著": "沉着",
    "著迷": "着迷",
    "著魔": "着魔",
    "著凉": "着凉",
    "想不開": "想不开",
    "阿茲海默": "阿兹海默",
    "憂鬱": "忧郁",
    "妳": "你",
    "祢": "你",
    "牠": "它",
    "衞": "卫",
    "喫": "吃",
    "裡": "里",
    "着": "着",
}
_SUPP_RE = re.compile("|".join(sorted(map(re.escape, SUPPLEMENTARY), key=len, reverse=True)))

# Characters that are neither letters nor digits (for crisis matching, which must
# see "自 杀", "自-杀" and "自\u200b杀" as 自杀).
_NON_WORD_RE = re.compile(r"[\W_]+", re.UNICODE)
# Control and format characters (NUL, zero-width joiners, bidi marks …).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")

_local = threading.local()


def _converter() -> opencc.OpenCC:
    conv = getattr(_local, "opencc", None)
    if conv is None:
        conv = opencc.OpenCC("t2s")
        _local.opencc = conv
    return conv


def normalize(text: str) -> str:
    """NFKC, strip control characters, traditional → simplified, lower case."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL_RE.sub(" ", text)
    # OpenCC leaves pure ASCII alone; skip the call for it (common for numbers).
    if not text.isascii():
        text = _converter().convert(text)
        text = _SUPP_RE.sub(lambda m: SUPPLEMENTARY[m.group(0)], text)
    return text.lower()


def squeeze(text: str) -> str:
    """Normalise and drop everything that is not a letter or digit."""
    return _NON_WORD_RE.sub("", normalize(text))
