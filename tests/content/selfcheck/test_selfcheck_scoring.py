"""Scoring and bands of the demo instruments at every boundary, by hand-computed cases."""

from __future__ import annotations

import pytest

from content.selfcheck import scoring


def band_label(instrument, indices):
    result = scoring.score(instrument, indices)
    return result.total, result.band.label


# PHQ-9: every item 0–3 in option order (完全不会, 好几天, 一半以上的天数, 几乎每天).
@pytest.mark.parametrize(
    ("indices", "total", "label"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "无或极轻微"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "无或极轻微"),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "轻度"),
        ([3, 3, 3, 0, 0, 0, 0, 0, 0], 9, "轻度"),
        ([2, 2, 2, 2, 2, 0, 0, 0, 0], 10, "中度"),
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "中度"),
        ([3, 3, 3, 3, 3, 0, 0, 0, 0], 15, "中重度"),
        ([3, 3, 3, 3, 3, 2, 2, 0, 0], 19, "中重度"),
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "重度"),
        ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "重度"),
    ],
)
def test_phq9_bands_at_each_boundary(phq9, indices, total, label):
    assert band_label(phq9, indices) == (total, label)


@pytest.mark.parametrize(
    ("indices", "total", "label"),
    [
        ([0, 0, 0, 0, 0, 0, 0], 0, "无或极轻微"),
        ([1, 1, 1, 1, 0, 0, 0], 4, "无或极轻微"),
        ([1, 1, 1, 1, 1, 0, 0], 5, "轻度"),
        ([3, 3, 3, 0, 0, 0, 0], 9, "轻度"),
        ([2, 2, 2, 2, 2, 0, 0], 10, "中度"),
        ([2, 2, 2, 2, 2, 2, 2], 14, "中度"),
        ([3, 3, 3, 3, 3, 0, 0], 15, "重度"),
        ([3, 3, 3, 3, 3, 3, 3], 21, "重度"),
    ],
)
def test_gad7_bands_at_each_boundary(gad7, indices, total, label):
    assert band_label(gad7, indices) == (total, label)


def test_maximum_scores(phq9, gad7, epds):
    assert (phq9.max_score, gad7.max_score, epds.max_score) == (27, 21, 30)


def test_epds_reverse_scoring(epds):
    # First option everywhere: items 1, 2, 4 score 0; items 3, 5–10 are reverse-scored and score 3.
    first = scoring.score(epds, [0] * 10)
    assert first.total == 0 + 0 + 3 + 0 + 3 + 3 + 3 + 3 + 3 + 3 == 21
    # Last option everywhere: items 1, 2, 4 score 3; the reverse-scored items score 0.
    last = scoring.score(epds, [3] * 10)
    assert last.total == 3 + 3 + 0 + 3 + 0 + 0 + 0 + 0 + 0 + 0 == 9
    assert [q.options[0].score for q in epds.questions] == [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]


# EPDS option indices scoring 0 on every item: 0 for items 1, 2, 4; 3 for the others.
EPDS_ZERO = [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]


@pytest.mark.parametrize(
    ("indices", "total", "label"),
    [
        (EPDS_ZERO, 0, "低于筛查界值"),
        ([3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 9, "低于筛查界值"),  # items 1, 2, 4 = 3 each; reverse items = 0
        ([3, 3, 3, 3, 2, 3, 3, 3, 3, 3], 10, "达到筛查界值"),  # + item 5 "不多" = 1
        ([3, 3, 3, 3, 0, 3, 3, 3, 3, 3], 12, "达到筛查界值"),  # item 5 "相当多时候" = 3
        ([3, 3, 3, 3, 0, 2, 3, 3, 3, 3], 13, "很可能有抑郁"),  # + item 6 "不，大部分时候…应付得好" = 1
        ([3, 3, 0, 3, 0, 0, 0, 0, 0, 0], 30, "很可能有抑郁"),
    ],
)
def test_epds_bands_at_each_boundary(epds, indices, total, label):
    assert band_label(epds, indices) == (total, label)


def test_phq9_item_9_above_zero_is_risk_whatever_the_total(phq9):
    result = scoring.score(phq9, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result.total == 1
    assert result.band.label == "无或极轻微"
    assert result.risk_items == (9,)
    assert result.shows_risk


def test_phq9_high_total_without_item_9_is_not_flagged(phq9):
    result = scoring.score(phq9, [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert (result.total, result.risk_items, result.shows_risk) == (24, (), False)


@pytest.mark.parametrize(("option", "risk"), [(0, True), (1, True), (2, True), (3, False)])
def test_epds_item_10_any_answer_but_never_is_risk(epds, option, risk):
    # Item 10 options in order: 是的，相当经常 (3), 有时候 (2), 极少 (1), 从不 (0).
    result = scoring.score(epds, [*EPDS_ZERO[:9], option])
    assert result.shows_risk is risk
    assert result.total == 3 - option


def test_gad7_has_no_risk_item(gad7):
    assert not any(q.is_risk_item for q in gad7.questions)
    assert not scoring.score(gad7, [3] * 7).shows_risk


def test_parse_answers_accepts_option_indices(phq9):
    data = {f"q{n}": "2" for n in range(1, 10)}
    assert scoring.parse_answers(phq9, data) == [2] * 9


def test_parse_answers_reports_every_missing_question(phq9):
    data = {"q1": "1", "q2": "", "q4": "0"}
    with pytest.raises(scoring.AnswerErrors) as caught:
        scoring.parse_answers(phq9, data)
    assert sorted(caught.value.errors) == [2, 3, 5, 6, 7, 8, 9]
    assert caught.value.errors[3] == "请回答第 3 题。"


@pytest.mark.parametrize("bad", ["4", "-1", "1.5", "abc", "３", "99999999999999999999"])
def test_parse_answers_rejects_out_of_range_values(phq9, bad):
    data = {f"q{n}": "0" for n in range(1, 10)}
    data["q5"] = bad
    with pytest.raises(scoring.AnswerErrors) as caught:
        scoring.parse_answers(phq9, data)
    assert list(caught.value.errors) == [5]
    assert "无效" in caught.value.errors[5]


def test_score_rejects_wrong_length_and_out_of_range(phq9):
    with pytest.raises(scoring.AnswerErrors):
        scoring.score(phq9, [0] * 8)
    with pytest.raises(scoring.AnswerErrors) as caught:
        scoring.score(phq9, [0] * 8 + [4])
    assert list(caught.value.errors) == [9]


def test_band_problems_finds_gaps_overlaps_and_overflow():
    bands = [scoring.Band(0, 4, "a"), scoring.Band(6, 9, "b"), scoring.Band(9, 12, "c")]
    problems = scoring.band_problems(bands, 10)
    assert "5–5 分不在任何分数段内。" in problems
    assert "分数段“c”与前一个分数段重叠。" in problems
    assert "最高的分数段超过了问卷的满分 10 分。" in problems
    assert scoring.band_problems([scoring.Band(0, 5, "a"), scoring.Band(6, 10, "b")], 10) == []
    assert scoring.band_problems([scoring.Band(0, 5, "a")], 10) == ["6–10 分不在任何分数段内。"]


def test_demo_bands_cover_every_score(phq9, gad7, epds):
    for instrument in (phq9, gad7, epds):
        assert scoring.band_problems(instrument.bands, instrument.max_score) == []
