"""The PostgreSQL engine's two ways of reading a kind's matches give the same results.

A kind with few rows (articles) is matched through its GIN index (``search_pg_match``),
a large one (the directory) by the planner's choice; the contract suite's documents are
all "small", so this runs the same searches both ways and compares everything.
"""

from __future__ import annotations

import pytest
from django.db import connection

from search.engines.postgres import PostgresEngine, schema
from search.query import SearchQuery

from .conftest import sample_documents

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the postgres engine needs PostgreSQL")

QUERIES = [
    {"q": "失眠"},
    {"q": "心理咨询"},
    {"q": "心理咨询", "kind": "service"},
    {"q": "焦虑", "filters": {"audience": ["elders"]}},
    {"q": "心理咨询", "filters": {"area": ["310114"]}},
    {"q": "", "filters": {"area": ["31"]}, "per_page": 2, "page": 2},
    {"q": "产后 网络游戏", "operator": "or"},
    {"q": "心理咨询", "near": (31.35, 121.25)},
    {"q": "", "kind": "service", "near": (31.35, 121.25), "radius_km": 15},
]


def snapshot(engine, params):
    results = engine.search(SearchQuery(**params))
    hits = [(h.id, round(h.score, 6), h.distance_km) for h in results.hits]
    match = engine.match_ids(SearchQuery(**{k: v for k, v in params.items() if k not in ("page", "per_page")}))
    return hits, results.total, results.total_relation, results.kind_counts, results.facets, match


@pytest.mark.django_db
def test_small_kind_path_gives_the_same_results(monkeypatch):
    engine = PostgresEngine()
    engine.rebuild(sample_documents())
    results = {}
    for small in (True, False):
        monkeypatch.setattr(schema, "_sizes", (0.0, {}))
        monkeypatch.setattr("search.engines.postgres.SMALL_KIND", 10**9 if small else -2)
        results[small] = [snapshot(engine, params) for params in QUERIES]
        assert bool(engine._small(connection.cursor())) is small
    assert results[True] == results[False]
    assert results[True][0][0], "the first query finds something"
