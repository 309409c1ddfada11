"""The API page for partners (/kaifa/api/) on a 360 px phone: the curl examples scroll
inside their own boxes, the page itself never sideways; axe finds nothing; nothing comes
from another host; the footer link leads there. A screenshot is kept for people to look
at (ANXIN_SCREENSHOT_DIR, default: pytest's tmp directory)."""

import os
from pathlib import Path

import pytest

from tests.e2e.test_accessibility import run_axe

pytestmark = pytest.mark.browser

SIDEWAYS = """() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"""


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_the_api_page_fits_a_phone(new_page, e2e_server, axe_source, tmp_path, mode):
    page = new_page(mode=mode, width=360, height=640, bypass_csp=True)
    response = page.goto(e2e_server.base_url + "/", wait_until="load")
    assert response.status == 200
    page.click("footer a[href='/kaifa/api/']")
    page.wait_for_url("**/kaifa/api/")
    assert page.locator("h1").inner_text() == "开放接口（API）"
    assert page.locator("pre").count() == 7
    sideways = page.evaluate(SIDEWAYS)
    assert sideways["scroll"] <= sideways["client"], sideways
    # each example scrolls in its own box, and a keyboard can reach it (tabindex=0)
    assert page.evaluate("() => [...document.querySelectorAll('pre')].every((p) => p.tabIndex === 0)")
    assert run_axe(page, axe_source) == []
    assert page.foreign_requests == [] and page.csp_errors == []
    where = Path(os.environ.get("ANXIN_SCREENSHOT_DIR") or tmp_path)
    page.screenshot(path=str(where / f"api-page-360-{mode}.png"), full_page=True)
