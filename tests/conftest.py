import pytest

from tests import factories

# The browser fixtures (server, chromium, axe-core) for every test that needs them.
pytest_plugins = ["tests.e2e.fixtures"]


@pytest.fixture
def home_page(db):
    return factories.make_home_page()


@pytest.fixture
def article_index(home_page):
    return factories.make_article_index(home_page)


@pytest.fixture
def expert(db):
    return factories.make_expert()


@pytest.fixture
def elders(db):
    return factories.make_audience("老年人", "elders")


@pytest.fixture
def parents(db):
    return factories.make_audience("家长", "parents")


@pytest.fixture(autouse=True)
def isolated_search_index(settings, tmp_path):
    """Every test gets an empty embedded search index of its own: the index is a
    separate SQLite file, so the database's per-test rollback does not undo it. It is
    built empty, as ``search_reindex`` leaves a new site: a missing file means
    "搜索暂时不可用" to readers."""
    from search import index as search_index
    from search.engines.embedded import EmbeddedEngine

    def close_engines():
        for engine in list(search_index._engines.values()):
            close = getattr(engine, "close", None)
            if close:
                close()
        search_index._engines.clear()

    close_engines()
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search-index.sqlite3"
    built = EmbeddedEngine(settings.SEARCH_EMBEDDED_PATH)
    built.clear()
    built.close()
    yield
    close_engines()


@pytest.fixture(autouse=True)
def empty_cache():
    """The cache outlives each test's database rollback (Wagtail keeps the sites' root
    paths there, the page cache its pages): start every test with an empty one."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    yield
