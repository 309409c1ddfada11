"""After one visit the hotlines (and the crisis strip) open with no network."""

import pytest

pytestmark = pytest.mark.browser


def test_hotlines_open_offline_after_one_visit(new_page, e2e_server):
    page = new_page()
    page.goto(e2e_server.url("home"))
    # The worker installs (precaching the hotlines pages) and takes control of this page.
    page.evaluate("async () => { await navigator.serviceWorker.ready; return true; }")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
    page.context.set_offline(True)
    try:
        for name in ("offline hotlines", "hotlines"):
            if not e2e_server.pages[name]["url"]:
                continue
            page.goto(e2e_server.url(name))
            assert page.locator("a[href^='tel:']").count() >= 2, f"{name} did not open offline"
            assert page.locator(".crisis-strip a[href='tel:12356']").count() == 1
        # A page never visited falls back to the offline hotlines page, crisis strip included.
        page.goto(e2e_server.url("article") + "?never-visited")
        assert page.locator(".crisis-strip a[href='tel:12356']").count() == 1
        assert page.locator("h1").inner_text() == "求助热线"
    finally:
        page.context.set_offline(False)
