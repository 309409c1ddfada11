"""Scoring a questionnaire: plain Python, no database, nothing kept.

A :class:`Instrument` is a frozen description of a questionnaire (built from a
``QuestionnairePage`` by ``QuestionnairePage.instrument()``, or by hand in tests).
:func:`score` turns the reader's chosen options into a :class:`Result`. Answers are
*option indices* (0 = the first option shown), never scores: the score of each
option lives on the instrument, so reverse-scored items (EPDS items 3, 5–10) need no
special case and a reader cannot post a score of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Option:
    label: str
    score: int


@dataclass(frozen=True)
class Question:
    text: str
    options: tuple[Option, ...]
    #: A self-harm item: any answer scoring above zero shows the hotlines first.
    is_risk_item: bool = False

    @property
    def max_score(self) -> int:
        return max(option.score for option in self.options)


class _Redacted:
    """A repr that shows no values: results and bands must never reach a log by accident."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


@dataclass(frozen=True, repr=False)
class Band(_Redacted):
    min_score: int
    max_score: int
    label: str
    #: 0 = lowest concern; used for wording and styling, never colour alone.
    level: int = 0
    interpretation: str = ""
    topics: tuple[str, ...] = ()
    service_kinds: tuple[str, ...] = ()

    def contains(self, total: int) -> bool:
        return self.min_score <= total <= self.max_score


@dataclass(frozen=True)
class Instrument:
    name: str
    questions: tuple[Question, ...]
    bands: tuple[Band, ...]

    @property
    def max_score(self) -> int:
        return sum(question.max_score for question in self.questions)

    def band_for(self, total: int) -> Band | None:
        for band in self.bands:
            if band.contains(total):
                return band
        return None


@dataclass(frozen=True, repr=False)
class Result(_Redacted):
    total: int
    max_score: int
    band: Band | None
    #: 1-based numbers of the risk items answered above zero.
    risk_items: tuple[int, ...] = ()

    @property
    def shows_risk(self) -> bool:
        return bool(self.risk_items)


@dataclass
class AnswerErrors(Exception):
    """Raised by :func:`score` when answers are missing or out of range.

    ``errors`` maps the 1-based question number to a Chinese message.
    """

    errors: dict[int, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(f"{number}: {message}" for number, message in sorted(self.errors.items()))


def field_name(number: int) -> str:
    """The form field for question ``number`` (1-based)."""
    return f"q{number}"


def parse_answers(instrument: Instrument, data: Mapping[str, object]) -> list[int]:
    """Option indices for every question from submitted form data, or AnswerErrors."""
    chosen: list[int] = []
    errors: dict[int, str] = {}
    for number, question in enumerate(instrument.questions, start=1):
        raw = data.get(field_name(number))
        if isinstance(raw, Sequence) and not isinstance(raw, str):
            raw = raw[-1] if raw else None
        if raw is None or str(raw).strip() == "":
            errors[number] = _("请回答第 %(number)s 题。") % {"number": number}
            continue
        text = str(raw).strip()
        if not (text.isascii() and text.isdigit()) or int(text) >= len(question.options):
            errors[number] = _("第 %(number)s 题的答案无效，请从给出的选项中选择一项。") % {"number": number}
            continue
        chosen.append(int(text))
    if errors:
        raise AnswerErrors(errors)
    return chosen


def score(instrument: Instrument, chosen: Sequence[int]) -> Result:
    """Total, band and risk items for one option index per question."""
    if len(chosen) != len(instrument.questions):
        missing = {
            number: _("请回答第 %(number)s 题。") % {"number": number}
            for number in range(len(chosen) + 1, len(instrument.questions) + 1)
        }
        raise AnswerErrors(missing or {1: _("答案数量与题目不符。")})
    total = 0
    risk: list[int] = []
    errors: dict[int, str] = {}
    for number, (question, index) in enumerate(zip(instrument.questions, chosen, strict=True), start=1):
        if not 0 <= index < len(question.options):
            errors[number] = _("第 %(number)s 题的答案无效，请从给出的选项中选择一项。") % {"number": number}
            continue
        points = question.options[index].score
        total += points
        if question.is_risk_item and points > 0:
            risk.append(number)
    if errors:
        raise AnswerErrors(errors)
    return Result(total=total, max_score=instrument.max_score, band=instrument.band_for(total), risk_items=tuple(risk))


def band_problems(bands: Sequence[Band], max_score: int) -> list[str]:
    """Chinese messages for bands that overlap, leave gaps, or miss 0…max_score."""
    problems: list[str] = []
    if not bands:
        return [_("请至少设置一个分数段。")]
    ordered = sorted(bands, key=lambda band: band.min_score)
    for band in ordered:
        if band.min_score > band.max_score:
            problems.append(
                _("分数段“%(label)s”的最低分大于最高分。") % {"label": band.label},
            )
    expected = 0
    for band in ordered:
        if band.min_score > expected:
            problems.append(_("%(low)s–%(high)s 分不在任何分数段内。") % {"low": expected, "high": band.min_score - 1})
        elif band.min_score < expected:
            problems.append(_("分数段“%(label)s”与前一个分数段重叠。") % {"label": band.label})
        expected = max(expected, band.max_score + 1)
    if expected <= max_score:
        problems.append(_("%(low)s–%(high)s 分不在任何分数段内。") % {"low": expected, "high": max_score})
    elif expected - 1 > max_score:
        problems.append(
            _("最高的分数段超过了问卷的满分 %(max)s 分。") % {"max": max_score},
        )
    return problems
