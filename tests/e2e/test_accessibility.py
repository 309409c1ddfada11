"""axe-core (WCAG 2.2 AA), shared by the browser tests; at the larger text step of 长辈模式,
no horizontal scrolling at 320 px, nothing requested from another host, no CSP breach.

axe runs on every public page type at 320, 360 and 1280 px in both modes in
test_phone_first.test_every_page_at_every_width (one load per page, width and mode)."""

import pytest

from tests.e2e.fixtures import WCAG_TAGS
from tests.e2e.pages import PAGE_TYPES

pytestmark = pytest.mark.browser
NAMES = [page_type.name for page_type in PAGE_TYPES]


def run_axe(page, axe_source=None) -> list[dict]:
    """axe's violations on ``page``; pass ``axe_source`` to inject axe now (needs a context
    with bypass_csp), or none when it was added with ``page.add_init_script`` before the load."""
    if axe_source is not None:
        page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const results = await axe.run(document, options);
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target, summary: n.failureSummary})),
            }));
        }""",
        WCAG_TAGS,
    )


@pytest.mark.parametrize("mode", ["elder+2"])  # standard and elder: test_every_page_at_every_width
@pytest.mark.parametrize("name", NAMES)
def test_fits_320px_without_horizontal_scroll_and_stays_on_this_host(new_page, e2e_server, mode, name):
    url = e2e_server.url(name)
    page = new_page(mode=mode, width=320)
    response = page.goto(url, wait_until="load")
    assert response.status == e2e_server.pages[name]["status"]
    overflow = page.evaluate(
        """() => {
            const root = document.documentElement;
            const wide = [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
                .filter((el) => !el.closest(".table-scroll, .visually-hidden, .skip-link"))
                .slice(0, 5).map((el) => el.outerHTML.slice(0, 160));
            return {scroll: root.scrollWidth, client: root.clientWidth, wide};
        }"""
    )
    assert overflow["scroll"] <= overflow["client"], f"{name} ({mode}) scrolls sideways at 320 px: {overflow}"
    assert page.foreign_requests == [], f"{name} requested another host: {page.foreign_requests}"
    assert page.csp_errors == [], f"{name} broke the Content-Security-Policy: {page.csp_errors}"
