"""Pinyin keys and crisis phrases typed in pinyin (search/analysis/pinyin.py)."""

from __future__ import annotations

import pytest

from search.analysis import is_crisis, pinyin


def test_keys_read_heteronyms_as_in_their_word():
    assert pinyin.keys("失眠") == ("shimian", "sm")
    assert pinyin.keys("长期焦虑") == ("changqijiaolv", "cqjl")
    assert pinyin.keys("Mindfulness 正念") == ("mindfulnesszhengnian", "mzn")


@pytest.mark.parametrize("typed", ["buxianghuole", "bu xiang huo le", "BUXIANGHUOLE", "wo buxianghuole", "zisha"])
def test_crisis_phrases_in_pinyin(typed):
    assert is_crisis(typed)


@pytest.mark.parametrize("typed", ["shimian", "sm", "jiaolv", "xinlizixun", "bxhl", "zi", "anxiety", "12356"])
def test_ordinary_pinyin_is_no_crisis(typed):
    assert not is_crisis(typed)


@pytest.mark.django_db
def test_an_editors_crisis_phrase_counts_in_pinyin_too():
    from search.models import CrisisPhrase

    assert not is_crisis("kanbudaoxiwang")
    phrase = CrisisPhrase.objects.create(phrase="看不到希望")  # the save invalidates the dictionaries
    assert is_crisis("kanbudaoxiwang") and is_crisis("kan bu dao xi wang")
    phrase.delete()
    assert not is_crisis("kanbudaoxiwang")


def test_pinyin_like():
    assert pinyin.is_pinyin_like("shi mian") and pinyin.is_pinyin_like("SM")
    assert not pinyin.is_pinyin_like("失眠") and not pinyin.is_pinyin_like("12356") and not pinyin.is_pinyin_like("")
