"""Recall on the real page (issue 15 point 2): complete matches first, then a divider
(以下结果只包含部分关键词) and the partial matches, exactly as the API flags them; without
JavaScript, in both modes."""

import json
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.browser

QUERY = "失眠 老年人"


def api_results(e2e_server, q: str) -> list[dict]:
    url = f"{e2e_server.base_url}/api/v1/search?" + urllib.parse.urlencode({"q": q, "per_page": 20})
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)["results"]


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_divider_separates_complete_and_partial_matches(new_page, e2e_server, mode):
    results = api_results(e2e_server, QUERY)
    complete = [r["url"] for r in results if not r["partial"]]
    partial = [r["url"] for r in results if r["partial"]]
    assert complete and partial, "the demo data should hold both for this query"
    page = new_page(mode=mode, width=360, height=640, java_script_enabled=False)
    page.goto(f"{e2e_server.base_url}/search/?" + urllib.parse.urlencode({"q": QUERY}))
    divider = page.locator(".search-hits__partial")
    assert divider.count() == 1 and divider.inner_text().strip() == "以下结果只包含部分关键词"
    above = page.locator("ol.search-hits:not(.search-hits--partial) .search-hit__title a")
    below = page.locator("ol.search-hits--partial .search-hit__title a")
    assert [a.get_attribute("href") for a in above.all()] == complete
    assert [a.get_attribute("href") for a in below.all()] == partial
    divider_top = divider.bounding_box()["y"]
    assert above.last.bounding_box()["y"] < divider_top < below.first.bounding_box()["y"]
    assert page.foreign_requests == []
