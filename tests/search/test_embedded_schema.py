"""The embedded index's layout version: an index of an older layout that can be upgraded in
place keeps its documents (readers never see it empty); any other is dropped and
recreated empty, for ``search_reindex`` to fill."""

from __future__ import annotations

import sqlite3

from search.engines.embedded import EmbeddedEngine
from search.engines.embedded.schema import SCHEMA_VERSION, schema_version
from search.query import SearchQuery

from .conftest import sample_documents


def _built(path) -> int:
    engine = EmbeddedEngine(path)
    engine.rebuild(sample_documents())
    count = engine.count()
    engine.close()
    return count


def _set_layout(path, value: str, *statements: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for statement in statements:
            conn.execute(statement)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (value,))
    conn.close()


def _indexes(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        conn.close()


def test_layout_6_is_upgraded_in_place_and_keeps_its_documents(tmp_path):
    path = tmp_path / "old.sqlite3"
    count = _built(path)
    keyed = schema_version().partition(":")[2]
    # what a layout-6 file looks like: no covering index
    _set_layout(path, f"6:{keyed}", "DROP INDEX docs_keys")
    assert "docs_keys" not in _indexes(path)

    engine = EmbeddedEngine(path)
    try:
        hits = engine.search(SearchQuery(q="失眠")).hits
        assert engine.count() == count > 0
        assert hits
        assert engine.connection().execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == (
            schema_version()
        )
    finally:
        engine.close()
    assert "docs_keys" in _indexes(path)


def test_a_layout_without_an_upgrade_is_recreated_empty(tmp_path):
    path = tmp_path / "older.sqlite3"
    _built(path)
    keyed = schema_version().partition(":")[2]
    _set_layout(path, f"5:{keyed}")
    engine = EmbeddedEngine(path)
    try:
        assert engine.count() == 0
        assert engine.search(SearchQuery(q="失眠")).hits == []
    finally:
        engine.close()


def test_an_index_keyed_on_another_facet_is_recreated_empty(tmp_path):
    path = tmp_path / "other-key.sqlite3"
    _built(path)
    _set_layout(path, f"{SCHEMA_VERSION}:some_other_facet")
    engine = EmbeddedEngine(path)
    try:
        assert engine.count() == 0
    finally:
        engine.close()


def test_a_damaged_layout_value_is_recreated_not_a_crash(tmp_path):
    path = tmp_path / "null.sqlite3"
    _built(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE meta SET value = NULL WHERE key = 'schema'")
    conn.close()
    engine = EmbeddedEngine(path)
    try:
        assert engine.count() == 0
        engine.rebuild(sample_documents())
        assert engine.search(SearchQuery(q="失眠")).hits
    finally:
        engine.close()
