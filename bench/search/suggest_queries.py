"""What people type into a search box, keystroke by keystroke, for ``--mode suggest``:
prefixes of words and names in characters, full pinyin (with and without spaces) and
initials, from the synthetic vocabulary (bench/search/synthetic.py)."""

from __future__ import annotations

import random

from pypinyin import lazy_pinyin

WORDS = ["失眠", "睡不着", "焦虑", "抑郁", "产后抑郁", "网络沉迷", "阿尔茨海默病", "厌学", "自伤", "哀伤",
         "职业倦怠", "空巢老人", "压力", "心理咨询室", "心理门诊", "谈心室", "社工站", "心理健康", "认识",
         "正念", "考试焦虑", "新妈妈"]  # fmt: skip


def typed_forms(word: str) -> list[str]:
    syllables = lazy_pinyin(word)
    full = "".join(syllables)
    out = [word[:n] for n in range(1, len(word) + 1)]
    out += [full[:n] for n in range(1, len(full) + 1)]
    out += [" ".join(syllables[:n]) for n in range(2, len(syllables) + 1)]
    out += ["".join(s[0] for s in syllables[:n]) for n in range(2, len(syllables) + 1)]
    return out


def suggest_queries(n: int, seed: int = 5) -> list[dict]:
    from bench.search import synthetic

    rng = random.Random(seed)
    forms = [f for w in WORDS for f in typed_forms(w)]
    towns = [synthetic.NAME_CHARS[i : i + 2] for i in range(0, len(synthetic.NAME_CHARS) - 1, 2)]
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.7:
            out.append({"q": rng.choice(forms)})
        elif r < 0.85:
            out.append({"q": rng.choice(towns)})
        elif r < 0.95:
            out.append({"q": rng.choice(forms), "kind": rng.choice(["article", "service"])})
        else:
            out.append({"q": rng.choice(["buxianghuole", "不想活了", "zisha", "！？", ""])})
    return out
