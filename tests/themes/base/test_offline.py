"""Service worker, web app manifest and the offline hotlines page."""

import json

from django.contrib.staticfiles import finders

from themes.base.views import OFFLINE_STATIC, hotline_page_urls


def test_service_worker_is_served_from_the_root_with_scope_slash(client, hotlines):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert '"/offline/"' in body
    for url in hotline_page_urls():
        assert json.dumps(url) in body
    assert "/static/anxin/css/base.css" in body
    assert "/static/anxin/css/elder.css" in body


def test_service_worker_changes_when_content_is_published(client, hotlines, django_capture_on_commit_callbacks):
    before = client.get("/sw.js").content
    hotlines.strip_message = "随时可以求助"
    with django_capture_on_commit_callbacks(execute=True):
        hotlines.save()
    assert client.get("/sw.js").content != before


def test_precached_static_files_exist():
    for path in OFFLINE_STATIC:
        assert finders.find(path), path


def test_manifest(client, hotlines):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "安心"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert icon["src"].startswith("/static/")
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_manifest_escapes_the_site_title(client, hotlines, default_site):
    from content.home.models import SiteIdentitySettings

    identity = SiteIdentitySettings.for_site(default_site)
    identity.site_title = '安心"</script>'
    identity.save()
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["name"] == '安心"</script>'


def test_pages_link_the_manifest_and_register_the_worker(client, hotlines):
    html = client.get("/offline/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    assert 'data-sw="/sw.js"' in html
    assert "anxin/js/site.js" in html


def test_offline_page_lists_every_hotline_with_one_tap_call(client, hotlines):
    response = client.get("/offline/")
    html = response.content.decode()
    assert response["X-Anxin-Offline"] == "keep"
    assert 'href="tel:12356"' in html
    assert 'href="tel:962525"' in html
    assert "每日不少于18小时" in html
