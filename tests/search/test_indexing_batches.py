"""Indexing works in batches: facet labels are looked up once per batch, not per document,
and the fast token splitting keeps exactly the tokens the per-token rule kept."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from search.analysis import segment
from search.engines.embedded import PREPARE_BATCH, EmbeddedEngine
from search.query import SearchQuery

from .conftest import doc


def village_services(n: int) -> list:
    return [
        doc(
            f"service:{i}", kind="service", title=f"第{i}号心理咨询室", areas=["31", "3101", "310114", f"310114{i:06d}"]
        )
        for i in range(n)
    ]


def counting_area_provider(clean_registry):
    calls: list[int] = []

    def provider(values):
        calls.append(len(values))
        return {v: f"测试村{v[-6:]}" for v in values if len(v) == 12} | {"310114": "嘉定区"}

    clean_registry.register_facet_labels("area", provider)
    return calls


def test_rebuild_looks_up_area_labels_once_per_batch(clean_registry, tmp_path):
    calls = counting_area_provider(clean_registry)
    docs = village_services(600)
    engine = EmbeddedEngine(tmp_path / "batches.sqlite3")
    assert engine.rebuild(docs) == 600
    assert len(calls) == math.ceil(600 / PREPARE_BATCH)
    assert sum(calls) == 600 + 3  # every village once, the three shared ancestors in the first batch only
    # the labels were indexed as text: a village's label finds it, the county's finds all
    found = engine.search(SearchQuery(q="测试村000123", kind="service"))
    assert [h.id for h in found.hits] == ["service:123"]
    assert engine.search(SearchQuery(q="嘉定区", kind="service")).total == 500  # RESULT_WINDOW, "at least"
    engine.close()


def test_incremental_index_looks_up_labels_once_for_the_batch(clean_registry, tmp_path):
    calls = counting_area_provider(clean_registry)
    engine = EmbeddedEngine(tmp_path / "incremental.sqlite3")
    engine.index(village_services(40))
    assert len(calls) == 1
    engine.index(village_services(40))  # the same documents again: every label is cached
    assert len(calls) == 1
    engine.close()


def test_parallel_rebuild_indexes_the_same_as_a_single_process(clean_registry, tmp_path):
    counting_area_provider(clean_registry)
    docs = village_services(700)
    single = EmbeddedEngine(tmp_path / "single.sqlite3")
    parallel = EmbeddedEngine(tmp_path / "parallel.sqlite3")
    assert single.rebuild(docs) == parallel.rebuild(docs, workers=2) == 700
    for q in ("测试村000699", "心理咨询室", "第5号"):
        query = SearchQuery(q=q, kind="service", per_page=50)
        assert [h.id for h in single.search(query).hits] == [h.id for h in parallel.search(query).hits]
    assert single.ids() == parallel.ids()
    single.close()
    parallel.close()


def split_token_by_token(tokens) -> list[str]:
    """The rule the one-pass ``segment._split`` must keep: alphanumeric tokens whole,
    others cut into their letter/digit runs, whitespace dropped."""
    out: list[str] = []
    for tok in tokens:
        if tok.isalnum():
            out.append(tok)
        elif tok and not tok.isspace():
            out.extend(segment._WORD_RE.findall(tok))
    return out


@given(st.lists(st.text(max_size=8)))
def test_one_pass_split_equals_the_token_by_token_rule(tokens):
    assert segment._split(tokens) == split_token_by_token(tokens)


def test_sub_word_cache_is_cleared_when_words_are_added():
    segment.ensure_loaded()
    word = "测试专用复合新词汇甲"
    assert "专用复合新词" not in segment.cut_for_search(word)  # now cached for this token
    segment.add_words(["专用复合新词"])
    assert "专用复合新词" in segment.cut_for_search(word)


def test_a_failing_provider_aborts_a_parallel_rebuild_and_keeps_the_old_index(clean_registry, tmp_path):
    import multiprocessing

    import pytest

    counting_area_provider(clean_registry)
    engine = EmbeddedEngine(tmp_path / "abort.sqlite3")
    engine.rebuild(village_services(10))

    def broken():
        yield from village_services(600)
        raise ValueError("the database went away")

    with pytest.raises(RuntimeError, match="the database went away"):
        engine.rebuild(broken(), workers=2)
    assert engine.count() == 10  # the failed rebuild's transaction was rolled back
    assert engine.search(SearchQuery(q="测试村000009", kind="service")).total == 1
    assert multiprocessing.active_children() == []  # the producer and its workers are gone
    engine.close()
