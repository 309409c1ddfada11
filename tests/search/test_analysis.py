"""The analysis pipeline: normalisation, segmentation, synonyms, crisis intent."""

from __future__ import annotations

import pytest

from search.analysis import analyze, analyze_query, dictionaries, is_crisis, normalize, squeeze
from search.analysis.dictionaries import shipped_crisis_phrases, shipped_synonym_groups
from search.models import CrisisPhrase, SynonymGroup


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("睡不著", "睡不着"),
        ("憂鬱症", "忧郁症"),
        ("ＡＢＣ１２３", "abc123"),
        ("心理　諮詢", "心理 咨询"),
        ("產後抑鬱", "产后抑郁"),
        ("自\u200b殺", "自 杀"),
        ("\x00失眠\x07", " 失眠 "),
        ("妳好", "你好"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_squeeze_drops_spaces_and_punctuation():
    assert squeeze("自 - 殺！") == "自杀"


def test_segmentation_keeps_words_and_sub_words():
    tokens = analyze("我最近總是睡不著，情緒低落")
    assert "睡不着" in tokens and "情绪低落" in tokens and "情绪" in tokens
    assert "，" not in tokens and "我" not in tokens  # punctuation and stop words dropped


def test_long_words_yield_their_dictionary_sub_words():
    assert "心理咨询" in analyze("心理咨询室")


def test_shipped_dictionary_has_at_least_sixty_groups():
    groups = shipped_synonym_groups()
    assert len(groups) >= 60
    flat = {t for g in groups for t in g}
    for word in [
        "失眠",
        "睡不着",
        "睡眠障碍",
        "抑郁",
        "情绪低落",
        "焦虑",
        "紧张",
        "网络沉迷",
        "网瘾",
        "老年痴呆",
        "阿尔茨海默病",
        "认知障碍",
        "厌学",
        "自伤",
        "产后抑郁",
        "心理咨询",
        "心理辅导",
    ]:
        assert word in flat, word
    assert dictionaries().groups >= 60


def test_query_terms_expand_to_synonyms():
    plan = analyze_query("睡不著怎麼辦")
    assert [t.token for t in plan.terms] == ["睡不着"]  # 怎么办 is a stop word in queries
    assert {"失眠", "睡眠障碍", "睡不着"} <= set(plan.terms[0].alternatives)
    assert {"阿尔茨海默病", "认知障碍"} <= set(analyze_query("老年痴呆").terms[0].alternatives)


def test_query_is_bounded():
    plan = analyze_query("失眠 焦虑 " * 5000)
    assert len(plan.terms) <= 12


@pytest.mark.parametrize(
    "q",
    [
        "自杀",
        "我想自殺",
        "輕生",
        "不想活了",
        "我 不 想 活",
        "想　死",
        "自-杀",
        "結束生命",
        "跳樓",
        "ＳＵＩＣＩＤＥ",
        "活著沒意思",
        "自\u200b杀",
        "想死。",
        "kill myself",
    ],
)
def test_crisis_intent(q):
    assert is_crisis(q)
    assert analyze_query(q).crisis


@pytest.mark.parametrize("q", ["失眠", "心理咨询", "老年人", "", "杀虫剂", "死亡教育"])
def test_no_crisis_intent(q):
    assert not is_crisis(q)


def test_shipped_crisis_phrases():
    phrases = shipped_crisis_phrases()
    for p in ["自杀", "轻生", "不想活", "想死", "结束生命", "跳楼"]:
        assert p in phrases


@pytest.mark.django_db
def test_editors_extend_synonyms_and_the_cache_is_invalidated():
    assert "佛系" not in analyze_query("躺平").terms[0].alternatives
    group = SynonymGroup.objects.create(terms="躺平，佛系、摆烂")
    assert set(analyze_query("躺平").terms[0].alternatives) == {"躺平", "佛系", "摆烂"}
    group.enabled = False
    group.save()
    assert analyze_query("躺平").terms[0].alternatives == ("躺平",)
    group.delete()
    assert analyze_query("躺平").terms[0].alternatives == ("躺平",)


@pytest.mark.django_db
def test_editors_extend_crisis_phrases():
    assert not is_crisis("我想消失")
    phrase = CrisisPhrase.objects.create(phrase="想消失")
    assert is_crisis("我想消失") and is_crisis("我 想 消 失")
    phrase.delete()
    assert not is_crisis("我想消失")
