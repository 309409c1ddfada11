"""The content-agnostic core: engines chosen by alias or dotted path, the fallback
wrapper, a kind registered by a test, and the several-machines system check."""

from __future__ import annotations

import pytest

from search import registry
from search.checks import per_machine_index_on_several_machines
from search.engines.base import FallbackEngine
from search.engines.embedded import EmbeddedEngine
from search.engines.loading import configured_name, engine_class, get_engine
from search.kinds import Facet, Hierarchy, Kind
from search.query import SearchQuery

from .conftest import doc


class ShelfHierarchy(Hierarchy):
    """Dotted paths of up to three numbers below 100: "3", "3.14", "3.14.15"."""

    max_position = 10**6
    pattern = r"^\d{1,2}(\.\d{1,2}){0,2}$"

    def depth(self, value):
        return value.count(".") + 1

    def parent(self, value):
        return value.rpartition(".")[0] or None

    def position(self, value):
        parts = value.split(".")
        if not self.valid(value):
            return None
        return int("".join(p.zfill(2) for p in parts).ljust(6, "0"))

    def span(self, value):
        pos = self.position(value)
        if pos is None:
            return None
        width = 2 * (3 - self.depth(value))
        return pos, pos + 10**width - 1


@pytest.fixture
def book_kind():
    kind = Kind(
        name="book",
        label="Book",
        order=9,
        facets=(Facet("shelf", "Shelf", hierarchy=ShelfHierarchy()), Facet("colour", "Colour")),
    )
    registry.register_kind(kind)
    yield kind
    registry.unregister_kind("book")


def test_a_kind_registered_by_an_app_gets_tables_filters_and_facets(book_kind, tmp_path):
    engine = EmbeddedEngine(tmp_path / "books.sqlite3")
    engine.rebuild(
        [
            doc("book:1", kind="book", title="失眠的科学", facets={"shelf": ["3", "3.1"], "colour": ["red"]}),
            doc("book:2", kind="book", title="睡眠与失眠", facets={"shelf": ["3", "3.2"], "colour": ["blue"]}),
            doc("book:3", kind="book", title="失眠笔记", facets={"shelf": ["4"], "colour": ["red"]}),
        ]
    )
    found = engine.search(SearchQuery(q="失眠", kind="book"))
    assert {h.id for h in found.hits} == {"book:1", "book:2", "book:3"}
    assert dict(found.facets["shelf"]) == {"3": 2, "4": 1}
    assert dict(found.facets["colour"]) == {"red": 2, "blue": 1}
    in_three = engine.search(SearchQuery(q="失眠", kind="book", filters={"shelf": ["3"]}))
    assert {h.id for h in in_three.hits} == {"book:1", "book:2"}
    assert dict(in_three.facets["shelf"]) == {"3.1": 1, "3.2": 1}
    red = engine.match_ids(SearchQuery(q="失眠", filters={"colour": ["red"]}))
    assert set(red) == {"book:1", "book:3"}
    engine.close()


def test_engines_by_alias_dotted_path_and_auto(settings, tmp_path):
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "x.sqlite3"
    assert engine_class("embedded") is EmbeddedEngine
    assert engine_class("search.engines.embedded.EmbeddedEngine") is EmbeddedEngine
    with pytest.raises(ValueError):
        engine_class("nonsense")
    settings.SEARCH_ENGINE = "auto"
    settings.ELASTICSEARCH_URL = "http://es:9200"
    assert configured_name() == "elasticsearch"
    settings.ELASTICSEARCH_URL = ""
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
    assert configured_name() == "postgres"
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}
    assert configured_name() == "embedded"


def test_elasticsearch_is_wrapped_in_its_embedded_fallback(settings, tmp_path):
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "x.sqlite3"
    settings.SEARCH_ENGINE = "search.engines.elasticsearch.ElasticsearchEngine"
    engine = get_engine()
    assert isinstance(engine, FallbackEngine) and [e.name for e in engine.writers()] == ["embedded", "elasticsearch"]
    settings.SEARCH_FALLBACK_ENGINE = ""
    assert get_engine().name == "elasticsearch" and not isinstance(get_engine(), FallbackEngine)


def test_check_warns_when_several_machines_share_a_per_machine_index(settings):
    settings.SEARCH_ENGINE = "embedded"
    settings.REDIS_URL = ""
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}
    assert per_machine_index_on_several_machines() == []
    settings.REDIS_URL = "redis://cache:6379/0"
    [warning] = per_machine_index_on_several_machines()
    assert warning.id == "search.W001" and "REDIS_URL" in warning.msg and "SEARCH_ENGINE=postgres" in warning.hint
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
    settings.SEARCH_ENGINE = "postgres"
    assert per_machine_index_on_several_machines() == []
    settings.SEARCH_ENGINE = "elasticsearch"
    assert per_machine_index_on_several_machines() == []
