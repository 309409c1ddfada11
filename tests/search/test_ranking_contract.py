"""Ranking and recall, on every engine of the contract (issue 15 points 1 and 2).

Exact words above their synonyms, a phone number finds its own entry first, and with
``operator="most"`` the documents matching all words but one follow the complete ones,
flagged ``partial``. Same engines and skips as ``test_engine_contract``.
"""

from __future__ import annotations

from search.query import SearchQuery

from .conftest import doc
from .test_engine_contract import engine, ids, refresh, run  # noqa: F401  (the engine fixture)


def test_exact_word_outranks_its_synonym_even_in_a_weaker_field(engine):  # noqa: F811
    engine.index(
        [
            doc("article:30", title="失眠的自助方法", summary="", body="规律作息。"),
            doc("article:31", title="夜里的烦恼", summary="", body="睡眠障碍有哪些常见原因。"),
        ]
    )
    refresh(engine)
    found = ids(run(engine, "睡眠障碍"))
    # 失眠 (a synonym) is in article:30's title; 睡眠障碍 as typed only in article:31's body
    assert found.index("article:31") < found.index("article:30")
    assert found.index("service:11") < found.index("article:1")


def test_a_phone_number_finds_its_own_entry_first(engine):  # noqa: F811
    # 962525 is in the hotline synonym group (热线 …), and it is service:12's number
    assert ids(run(engine, "962525"))[0] == "service:12"
    assert ids(run(engine, "021-59570000"))[0] == "service:11"
    assert ids(run(engine, "02159570000"))[0] == "service:11"


def test_partial_matches_follow_the_complete_ones(engine):  # noqa: F811
    complete = run(engine, "老年人 失眠")
    assert complete.hits and not any(h.partial for h in complete.hits)
    mixed = run(engine, "老年人 失眠", operator="most", per_page=50)
    flags = [h.partial for h in mixed.hits]
    assert flags == sorted(flags), "every complete match comes before every partial one"
    assert ids(mixed)[: flags.count(False)] == ids(complete)[: flags.count(False)]
    assert {h.id for h in mixed.hits if not h.partial} == set(ids(complete))
    # service:10 is for 老年人 but says nothing about sleep: partial, below the complete ones
    assert {"service:10", "event:20"} <= {h.id for h in mixed.hits if h.partial}
    assert mixed.total == len(mixed.hits) > complete.total


def test_most_needs_all_words_but_one(engine):  # noqa: F811
    # each of these documents has one of the three words at most
    assert ids(run(engine, "产后 网络游戏 正念", operator="most")) == []
    assert "article:2" in ids(run(engine, "产后 网络游戏 正念", operator="or"))
    # (not "产后 抑郁 …": that names 产后抑郁, whose intent rule lifts article:2, for 孕产妇,
    # above the partial matches — test_intent.py; the engines with a database apply it)
    found = run(engine, "抑郁 产后 网络游戏", operator="most")
    assert ids(found) == ["article:2"] and found.hits[0].partial


def test_match_ids_keep_exact_first(engine):  # noqa: F811
    engine.index([doc("article:31", title="夜里的烦恼", summary="", body="睡眠障碍有哪些常见原因。")])
    refresh(engine)
    matched = engine.match_ids(SearchQuery(q="睡眠障碍"))
    assert matched.index("article:31") < matched.index("article:1")
