"""Security headers on every response (pages, errors, static files, the admin)."""

import importlib
import re

import pytest
from django.test import override_settings

PUBLIC_PATHS = ["/offline/", "/no-such-page/", "/sw.js", "/manifest.webmanifest", "/static/anxin/css/base.css"]


def directives(csp: str) -> dict[str, list[str]]:
    result = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_responses_carry_the_headers(client, hotlines, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    for name in ("default-src", "img-src", "connect-src", "font-src", "manifest-src", "worker-src"):
        assert all(source in ("'self'", "data:") for source in csp[name]), name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    assert "geolocation=(self)" in permissions
    assert "camera=()" in permissions and "microphone=()" in permissions


def test_cached_responses_keep_the_headers(client, hotlines, page_cache):
    client.get("/offline/")
    response = client.get("/offline/")
    assert response["X-Anxin-Cache"] == "hit"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "geolocation=(self)" in response["Permissions-Policy"]


def test_admin_gets_its_own_policy_still_without_other_hosts(admin_client):
    response = admin_client.get("/admin/")
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert "https:" not in csp["script-src"]


def test_pages_contain_no_inline_script_or_style(client, hotlines):
    for path in ("/offline/", "/no-such-page/"):
        html = client.get(path).content.decode()
        for attributes in re.findall(r"<script\b([^>]*)>", html):
            assert "src=" in attributes or 'type="application/ld+json"' in attributes, attributes
        assert "<style" not in html
        assert not re.search(r"\sstyle=", html)
        assert not re.search(r"\son[a-z]+=", html)


@pytest.fixture
def production_settings(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "p" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "anxin.example.org,testserver")
    monkeypatch.delenv("SECURE_HSTS_SECONDS", raising=False)
    importlib.reload(importlib.import_module("anxin.settings.base"))
    return importlib.reload(importlib.import_module("anxin.settings.production"))


def test_hsts_in_production(client, hotlines, production_settings):
    assert production_settings.SECURE_HSTS_SECONDS >= 31536000
    assert production_settings.SECURE_SSL_REDIRECT
    with override_settings(
        SECURE_HSTS_SECONDS=production_settings.SECURE_HSTS_SECONDS,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=production_settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
        SECURE_SSL_REDIRECT=production_settings.SECURE_SSL_REDIRECT,
    ):
        response = client.get("/offline/", secure=True)
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "includeSubDomains" in response["Strict-Transport-Security"]
        # Plain HTTP is redirected to HTTPS.
        assert client.get("/offline/").status_code == 301
