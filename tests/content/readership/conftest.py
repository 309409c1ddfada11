import pytest
from django.core.cache import cache

from content.readership import counting

BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; V2217A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)


@pytest.fixture(autouse=True)
def empty_buffer():
    """Each test starts and ends with no views waiting in this process."""
    counting._pending.clear()
    counting._waiting = 0
    yield
    counting._pending.clear()
    counting._waiting = 0


@pytest.fixture
def page_cache_on(settings):
    settings.ANXIN_PAGE_CACHE_SECONDS = 300
    settings.ANXIN_PAGE_CACHE_STALE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(client):
    """The test client as a phone browser."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    client.defaults["HTTP_ACCEPT_ENCODING"] = "gzip"
    return client
