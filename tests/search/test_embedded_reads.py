"""How the embedded engine reads a query's candidates, cheaper and with the same tiers.

* a retry with fewer words required ("most", see ``search.index.search``) reuses the
  complete matches and intent rows its first pass read (``shared_reads``);
* a very common word filters the complete matches but is not weighed in their score
  (FTS5 would read its whole posting list to weigh it: 12 ms for 心理咨询室 at 520,000);
* the exact matches outside the scored window still rank above its synonym-only rows.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from search.engines.base import fts_terms, remembered, shared_reads
from search.engines.embedded import EmbeddedEngine, match_expression, planning
from search.query import SearchQuery

from .conftest import doc, sample_documents


@pytest.fixture
def engine(tmp_path):
    eng = EmbeddedEngine(tmp_path / "reads.sqlite3")
    eng.rebuild(
        sample_documents()
        + [
            doc("service:50", kind="service", title="嘉定区心理咨询室", summary="社区心理咨询室。"),
            doc("service:51", kind="service", title="镇心理咨询室", summary="设在嘉定的心理咨询室。"),
            doc("service:52", kind="service", title="街道心理咨询室", summary="心理咨询室，预约。"),
            doc("service:53", kind="service", title="学校心理咨询室", summary="学生心理咨询室。"),
            doc("service:54", kind="service", title="村心理咨询室", summary="村里的心理咨询室。"),
        ]
        + [doc(f"article:{60 + i}", title=f"失眠{i}", summary="失眠 失眠", body="失眠") for i in range(4)]
        + [doc("article:69", title="夜里的烦恼", summary="", body="说说睡眠障碍。")]
    )
    yield eng
    eng.close()


def _statements(engine, run):
    seen: list[str] = []
    conn = engine.connection()
    conn.set_trace_callback(seen.append)
    try:
        result = run()
    finally:
        conn.set_trace_callback(None)
    return result, [s for s in seen if s.startswith("SELECT")]


def test_a_retry_reads_the_complete_matches_once(engine):
    query = SearchQuery(q="老年人 失眠")
    complete = f"MATCH '{match_expression(fts_terms(query))}'"

    def first_pass_then_retry():
        with shared_reads():
            return engine.search(query), engine.search(replace(query, operator="most"))

    (strict, relaxed), statements = _statements(engine, first_pass_then_retry)
    assert strict.total < strict.query.per_page  # the case search.index.search retries
    article_reads = [s for s in statements if "FROM fts_article WHERE" in s and complete in s]
    assert len(article_reads) == 1, article_reads
    # and the retry answers as it does on its own
    alone = engine.search(replace(query, operator="most"))
    assert [(h.id, h.partial) for h in relaxed.hits] == [(h.id, h.partial) for h in alone.hits]


def test_nothing_is_remembered_outside_a_search():
    calls = []
    for _ in range(2):
        remembered(("k",), lambda: calls.append(1))
    with shared_reads():
        for _ in range(2):
            remembered(("k",), lambda: calls.append(1))
    assert len(calls) == 3


def test_a_very_common_word_filters_but_is_not_weighed(engine, monkeypatch):
    monkeypatch.setattr(planning, "BROAD_DF", 4)  # 嘉定: 3 entries, selective
    monkeypatch.setattr(planning, "UNSCORED_DF", 4)  # 心理咨询室 and its synonyms: 6, too common to weigh
    results, statements = _statements(engine, lambda: engine.search(SearchQuery(q="嘉定 心理咨询室", kind="service")))
    scored = [s for s in statements if "bm25(fts_service" in s]
    assert scored and all("+rowid IN (SELECT rowid FROM fts_service WHERE fts_service MATCH" in s for s in scored)
    assert all(s.split(" MATCH ")[1].startswith("'\"嘉定\"'") for s in scored)  # scored by 嘉定 only
    # every complete match, and only those; 嘉定 in the title first
    assert results.hits[0].id == "service:50"
    assert {h.id for h in results.hits} == {"service:50", "service:51", "service:10"}


def test_exact_matches_outside_the_scored_window_rank_above_synonyms(engine):
    # the four 失眠 articles (a synonym of 睡眠障碍) score far better than article:69,
    # which has 睡眠障碍 as typed only in its body: with a window of 2 it is outside it
    matched = engine.match_ids(SearchQuery(q="睡眠障碍", kind="article"), limit=2)
    assert matched[0] == "article:69"
    everything = engine.match_ids(SearchQuery(q="睡眠障碍", kind="article"))
    assert everything[0] == "article:69" and set(matched) < set(everything)
