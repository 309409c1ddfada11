"""An Elasticsearch that accepts connections and never answers (issue 14 B): a reader's
search is answered from the embedded index within the read deadline, the next ones at
once (back-off), and an editor's save is not held by the index write."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from search import index as search_index
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hanging_server():
    """A TCP server on 127.0.0.1 that accepts every connection and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except (TimeoutError, OSError):
                continue
            held.append(conn)  # read nothing, answer nothing, keep it open

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    listener.close()


@pytest.fixture
def hanging_elasticsearch(settings, hanging_server):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = hanging_server
    settings.SEARCH_ELASTICSEARCH_READ_TIMEOUT = 1.0
    search_index._engines.clear()
    yield
    for engine in list(search_index._engines.values()):
        engine.close()
    search_index._engines.clear()


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def test_a_search_falls_back_within_the_deadline_then_backs_off(hanging_elasticsearch):
    results, first = timed(lambda: search_index.search("失眠"))
    assert results.fallback is True
    assert first < 1.5, f"first search took {first:.2f} s"
    results, second = timed(lambda: search_index.search("焦虑"))
    assert results.fallback is True
    assert second < 0.1, f"second search took {second:.2f} s"


def test_the_directory_text_box_falls_back_too(client, hanging_elasticsearch):
    response, elapsed = timed(lambda: client.get("/fuwu/", {"q": "心理咨询"}))
    assert response.status_code == 200
    assert elapsed < 1.5, f"directory search took {elapsed:.2f} s"


def test_an_editors_save_is_not_held_by_the_cluster(hanging_elasticsearch, django_capture_on_commit_callbacks):
    factories.make_service_point("预热")  # areas and the like, outside the timing

    def save():
        with django_capture_on_commit_callbacks(execute=True):
            factories.make_service_point("南翔镇永乐村心理咨询室")

    _none, elapsed = timed(save)
    assert elapsed < 1.5, f"save took {elapsed:.2f} s"
    # the embedded fallback got the entry anyway
    assert search_index.get_engine("embedded").match_ids(search_index.SearchQuery(q="永乐村"))
