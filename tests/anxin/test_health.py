"""/healthz: database, cache and search index; cheap, never cached, no host check."""

import json

import pytest


@pytest.mark.django_db
def test_healthy(client, settings):
    settings.ALLOWED_HOSTS = ["anxin.example.org"]
    settings.ANXIN_PAGE_CACHE_SECONDS = 300
    response = client.get("/healthz", HTTP_HOST="10.1.2.3")  # a balancer probes by address
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "search": "ok"},
    }
    assert response["Cache-Control"] == "no-store"
    assert "X-Anxin-Cache" not in client.get("/healthz")


@pytest.mark.django_db
def test_a_damaged_search_index_makes_it_unhealthy(client, settings, tmp_path):
    damaged = tmp_path / "search.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    settings.SEARCH_EMBEDDED_PATH = damaged
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error" and body["checks"]["search"] == "error"
    assert body["checks"]["database"] == "ok"
    assert "not a database" not in response.content.decode()  # no internals in the body
