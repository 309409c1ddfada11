"""Finding areas by name or code without scanning 620,000 rows (the area chooser).

A name is kept as its two-character pieces (``AreaTerm``: bigrams of the normalised
name, with the area's level). A query is normalised and segmented like every other
search in the project (``search.analysis``: NFKC, traditional → simplified, rjieba);
each word must occur in the name. The rarest bigram of the query drives: the index on
(term, level, area) hands its areas over in chooser order (higher levels first, then by
code), every other bigram is one index probe per candidate, and ``name LIKE`` only
confirms the few candidates left. Digits are a code or a code prefix: a range on the
primary key. Paths ("上海市 › 嘉定区 › 嘉定镇街道") come from the code's own prefixes,
one query per page of results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from .models import LEVEL_DIGITS, AdminArea, AreaTerm, level_of

PATH_SEPARATOR = " › "
TERM_BATCH = 5000
# Counting past this many matches costs time and tells the chooser's user nothing.
COUNT_CAP = 1000
_PARTS = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)


def _normalize(text: str) -> str:
    from search.analysis import normalize

    return normalize(text or "")


def bigrams(text: str) -> set[str]:
    """The two-character pieces of a word (a one-character word gives none)."""
    return {text[i : i + 2] for i in range(len(text) - 1)}


def terms_for(name: str) -> set[str]:
    return set().union(*(bigrams(part) for part in _PARTS.findall(_normalize(name))))


def refresh_terms(areas: Iterable[AdminArea]) -> None:
    """Rewrite the name pieces of ``areas`` (after a save or an import batch)."""
    areas = list(areas)
    codes = [area.code for area in areas]
    for start in range(0, len(codes), TERM_BATCH):
        AreaTerm.objects.filter(area_id__in=codes[start : start + TERM_BATCH]).delete()
    rows = [AreaTerm(term=term, level=area.level, area_id=area.code) for area in areas for term in terms_for(area.name)]
    AreaTerm.objects.bulk_create(rows, batch_size=TERM_BATCH)


def code_range(prefix: str) -> dict:
    """Primary-key range of the codes starting with ``prefix`` (an index range, not LIKE)."""
    return {"code__gte": prefix, "code__lt": prefix + ":"}  # ":" sorts right after "9"


def significant_prefix(code: str) -> str:
    return code[: LEVEL_DIGITS[level_of(code)]]


def search(query: str = "", parent: AdminArea | None = None):
    """Areas matching ``query`` (words of the name, a code or a code prefix), under ``parent``.

    Without a query: the children of ``parent`` (or the top level), for browsing.
    """
    text = _normalize(query)[:100]
    digits = [part for part in _PARTS.findall(text) if part.isdigit()]
    words = _words(" ".join(part for part in _PARTS.findall(text) if not part.isdigit()))
    areas = AdminArea.objects.all()
    if not digits and not words:
        if parent is None:
            return areas.filter(parent__isnull=True).order_by("code")
        return areas.filter(parent=parent).order_by("code")
    if parent is not None:
        areas = areas.filter(**code_range(parent.prefix)).exclude(code=parent.code)
    for prefix in digits:
        areas = areas.filter(**code_range(prefix[:12]))
    if not words:
        return areas.order_by("code")  # parents come before their children in code order
    pieces = set().union(*(bigrams(word) for word in words))
    for word in words:
        areas = areas.filter(name__contains=word)
    if not pieces:  # one-character words only: a bounded scan in level order
        return areas.order_by("level", "code")
    driver = _rarest(pieces)
    areas = areas.filter(terms__term=driver)
    for piece in sorted(pieces - {driver}):
        areas = areas.filter(Exists(AreaTerm.objects.filter(area=OuterRef("code"), term=piece)))
    return areas.order_by("terms__level", "terms__area_id")  # the lookup index's own order


def _words(text: str) -> list[str]:
    if not text.strip():
        return []
    from search.analysis import segment

    seen: list[str] = []
    for word in segment.cut(text):
        if word not in seen:
            seen.append(word)
    # a one-character word inside a longer one adds nothing
    return [w for w in seen if not (len(w) == 1 and any(w in other for other in seen if len(other) > 1))][:8]


def _rarest(pieces: set[str]) -> str:
    if len(pieces) == 1:
        return next(iter(pieces))
    counts = {piece: AreaTerm.objects.filter(term=piece)[:COUNT_CAP].count() for piece in sorted(pieces)}
    return min(counts, key=counts.get)


def paths(areas: Iterable[AdminArea]) -> dict[str, str]:
    """``{code: "上海市 › 上海市市辖区 › 嘉定区 › 嘉定镇街道"}`` for ``areas``, in one query."""
    areas = list(areas)
    wanted = {code for area in areas for code in area.ancestor_codes()}
    names = dict(AdminArea.objects.filter(code__in=wanted).values_list("code", "name"))
    return {
        area.code: PATH_SEPARATOR.join(names[c] for c in area.ancestor_codes() if c in names) or area.name
        for area in areas
    }


def path_of(area: AdminArea) -> str:
    return paths([area])[area.code]
