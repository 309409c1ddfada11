"""A missing, damaged or empty embedded index (issue 14 A): readers get a clear
"搜索暂时不可用" (HTML notice with the hotlines, JSON 503 in the shared error shape), the
log gets one error per process, administrators get a banner and a system check, and
``search_reindex`` repairs it."""

from __future__ import annotations

import io
import logging

import pytest
from django.conf import settings
from django.core.management import call_command

from search import health
from search import index as search_index
from search.checks import embedded_index_state
from tests import factories

pytestmark = pytest.mark.django_db

MESSAGE = "搜索暂时不可用，请稍后再试。"


@pytest.fixture(autouse=True)
def _fresh_health():
    health.reset()
    yield
    health.reset()


@pytest.fixture
def indexed_service(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service = factories.make_service_point("南翔镇永乐村心理咨询室")
    call_command("search_reindex", "--engine", "embedded", "--workers", "1", "--no-progress", stdout=io.StringIO())
    return service


def _close_engines():
    for engine in list(search_index._engines.values()):
        engine.close()
    search_index._engines.clear()


def damage():
    _close_engines()
    path = settings.SEARCH_EMBEDDED_PATH
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    path.write_bytes(b"\x8f garbage, not an index \x00" * 400)


def remove():
    _close_engines()
    path = settings.SEARCH_EMBEDDED_PATH
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        path.with_name(name).unlink(missing_ok=True)


@pytest.mark.parametrize("fault", [damage, remove], ids=["damaged", "missing"])
def test_readers_get_a_clear_notice_not_a_500_or_silent_zero(client, indexed_service, fault):
    assert "永乐村" in client.get("/fuwu/", {"q": "永乐村"}).content.decode()
    fault()

    page = client.get("/fuwu/", {"q": "永乐村"})
    assert page.status_code == 503
    html = page.content.decode()
    assert MESSAGE in html
    assert "12356" in html  # the hotlines stay visible

    search_page = client.get("/search/", {"q": "永乐村"})
    assert search_page.status_code == 503
    assert MESSAGE in search_page.content.decode()
    assert "12356" in search_page.content.decode()

    for url, params in (("/api/hsds/services", {"search": "永乐村"}), ("/api/v1/search", {"q": "永乐村"})):
        response = client.get(url, params)
        assert response.status_code == 503, url
        error = response.json()["error"]
        assert error["code"] == "search_unavailable"
        assert error["message"] == MESSAGE


def test_the_failure_is_logged_once_per_process(client, indexed_service, caplog):
    damage()
    with caplog.at_level(logging.ERROR, logger="search"):
        for _ in range(3):
            assert client.get("/fuwu/", {"q": "永乐村"}).status_code == 503
            assert client.get("/api/v1/search", {"q": "永乐村"}).status_code == 503
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("search")]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert "search_reindex" in errors[0].getMessage()


def test_reindex_repairs_a_damaged_index(client, indexed_service):
    damage()
    assert client.get("/api/v1/search", {"q": "永乐村"}).status_code == 503
    call_command("search_reindex", "--engine", "embedded", "--workers", "1", "--no-progress", stdout=io.StringIO())
    response = client.get("/api/v1/search", {"q": "永乐村"})
    assert response.status_code == 200
    assert response.json()["total"] == 1
    assert "永乐村" in client.get("/fuwu/", {"q": "永乐村"}).content.decode()


def test_the_system_check_reports_missing_damaged_and_empty_indexes(indexed_service):
    assert embedded_index_state() == []

    damage()
    [problem] = embedded_index_state()
    assert problem.id == "search.W003"
    assert "manage.py search_reindex" in problem.hint

    remove()
    [problem] = embedded_index_state()
    assert problem.id == "search.W003"

    # recreated empty by an editor's save, never rebuilt: the database has public content
    search_index.get_engine("embedded").delete(["service:0"])
    [problem] = embedded_index_state()
    assert problem.id == "search.W004"
    assert "manage.py search_reindex" in problem.hint


def test_a_rebuild_records_its_count_so_empty_is_not_never_built(indexed_service):
    engine = search_index.get_engine("embedded")
    status = engine.status()
    assert status.state == "ok"
    assert status.built_at
    assert status.built_count == 1

    engine.clear()
    assert engine.status().built_count == 0
    [problem] = embedded_index_state()  # rebuilt empty while the database has public entries
    assert problem.id == "search.W004"


def test_an_empty_site_with_an_empty_built_index_is_fine():
    search_index.get_engine("embedded").clear()
    assert embedded_index_state() == []


def test_administrators_see_a_banner_with_the_rebuild_command(admin_client, indexed_service):
    html = admin_client.get("/admin/").content.decode()
    assert "search_reindex" not in html
    damage()
    health.reset()
    html = admin_client.get("/admin/").content.decode()
    assert "搜索索引" in html
    assert "manage.py search_reindex" in html
