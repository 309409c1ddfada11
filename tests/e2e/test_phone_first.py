"""Phones first (issue #17): at 320, 360 and 1280 px in both modes, the first result or
the first content is inside the first screen, no number or short code is broken across
lines, nothing scrolls sideways, axe finds nothing and nothing comes from another host;
the crisis strip is one line on phones and the elder header fits without wrapping."""

import json

import pytest

from tests.e2e.pages import HOTLINE_TYPES, PAGE_TYPES
from tests.e2e.test_accessibility import run_axe

pytestmark = pytest.mark.browser

#: Pages whose first screen must show the result count and the first result; on every
#: other page type (tests/e2e/pages.py) the title and the first content must be there.
RESULT_PAGES = {"search", "directory home"}
#: Pages whose first screen must show something else first: a search for words of
#: despair shows the crisis lines before the title and the results.
FIRST_THING = {"search crisis": ".search-crisis__call"}
NAMES = [page_type.name for page_type in PAGE_TYPES]
#: width → the height of the first screen (a 360×640 phone is the issue's yardstick)
SCREENS = {320: 640, 360: 640, 1280: 800}
MODES = ["standard", "elder"]

FIRST_SCREEN = """(firstThing) => {
    const main = document.querySelector("main");
    const box = (el) => el ? el.getBoundingClientRect() : null;
    const heading = main.querySelector("h1");
    const h1 = box(heading);
    const count = box(main.querySelector(".results-count"));
    const hit = main.querySelector(".directory-card, .search-hit");
    const title = box(hit && hit.querySelector("h2, h3"));
    // The first thing after the title a reader can read or use: text, a picture, a field.
    const shown = (el) => el.getClientRects().length && !el.closest(".visually-hidden, [hidden], [aria-hidden=true]");
    const after = (el) => !heading || (heading.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING
        && !heading.contains(el));
    const first = [...main.querySelectorAll("p, li, dt, dd, td, th, img, svg, input, select, button, a, time")]
        .filter((el) => after(el) && shown(el))
        .find((el) => ["IMG", "svg", "INPUT", "SELECT"].includes(el.tagName) || el.innerText.trim());
    const thing = firstThing && box(main.querySelector(firstThing));
    const strip = document.querySelector(".crisis-strip");
    const call = strip && [...strip.querySelectorAll("a[href^='tel:']")].find((a) => a.getClientRects().length);
    const all = strip && [...strip.querySelectorAll("a.crisis-strip__more")].find((a) => a.getClientRects().length);
    return {
        height: innerHeight, scrollY: scrollY,
        h1Bottom: h1 && h1.bottom, countBottom: count && count.bottom, resultBottom: title && title.bottom,
        firstTextTop: first ? box(first).top : null, first: first ? first.outerHTML.slice(0, 100) : null,
        callBottom: call ? box(call).bottom : null, allHotlines: !!all, thingBottom: thing && thing.bottom,
    };
}"""

#: Every phone number or short code in the page's visible text, and on how many lines it
#: lies: measured on the text itself (a Range over the characters), not on any class.
BROKEN_NUMBERS = r"""() => {
    // not inside a URL ("/fuwu/7/", "?quyu=310114001000", "j.1525-1497") nor a citation's pages ("16(9):606-613")
    const pattern = /(?<![\w\/.=]|\):)(?:[A-Za-z]{2,}-\d+|\+?\d[\d-]{3,}\d)/g;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    let node;
    while ((node = walker.nextNode())) {
        const parent = node.parentElement;
        if (!parent || parent.closest("script, style, .visually-hidden, [hidden]")) continue;
        for (const match of node.data.matchAll(pattern)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
            if (!rects.length) continue;
            const lines = new Set(rects.map((r) => Math.round(r.top + r.height / 2)));
            found.push({text: match[0], lines: lines.size});
        }
    }
    return found;
}"""

SIDEWAYS = """() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"""

HEADER = """() => {
    const tops = (els) => [...new Set([...els].map((el) => Math.round(el.getBoundingClientRect().top)))];
    const strip = document.querySelector(".crisis-strip");
    const visible = [...strip.querySelectorAll("a")].filter((a) => a.getClientRects().length);
    return {
        controls: tops(document.querySelectorAll(".display-controls a")),
        headerTop: tops(document.querySelector(".site-header__top").children),
        stripLinks: tops(visible),
        stripHeight: strip.getBoundingClientRect().height,
        allHotlines: visible.some((a) => a.classList.contains("crisis-strip__more")),
        firstCall: visible.length && visible[0].getAttribute("href").startsWith("tel:"),
    };
}"""


def open_page(new_page, e2e_server, name, mode, width):
    page = new_page(mode=mode, width=width, height=SCREENS[width])
    response = page.goto(e2e_server.url(name), wait_until="load")
    assert response.status == e2e_server.pages[name]["status"]
    return page


@pytest.mark.parametrize("width", list(SCREENS))
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", NAMES)
def test_every_page_at_every_width(new_page, e2e_server, axe_source, name, mode, width):
    """Every page type × 320/360/1280 px × both modes, one load each: the first result or
    the first content in the first screen, the crisis strip's call one tap away, no number
    broken across lines, no sideways scrolling, nothing from another host, no breach of the
    Content-Security-Policy, axe finds nothing."""
    same = [other for other in NAMES[: NAMES.index(name)] if e2e_server.pages[other]["url"] == e2e_server.url(name)]
    if same:
        pytest.skip(f"the same page as {same[0]!r} in the demo")
    page = new_page(mode=mode, width=width, height=SCREENS[width])
    page.add_init_script(script=axe_source)  # not a <script> in the page: the CSP stays on
    response = page.goto(e2e_server.url(name), wait_until="load")
    assert response.status == e2e_server.pages[name]["status"]
    where = f"{name} ({mode}, {width} px)"
    screen = page.evaluate(FIRST_SCREEN, FIRST_THING.get(name))
    assert screen["scrollY"] == 0
    if name in FIRST_THING:
        assert screen["thingBottom"] is not None and screen["thingBottom"] <= screen["height"], f"{where}: {screen}"
    elif name in RESULT_PAGES:
        assert screen["countBottom"] is not None and screen["countBottom"] <= screen["height"], f"{where}: {screen}"
        assert screen["resultBottom"] is not None, f"{where}: no result"
        assert screen["resultBottom"] <= screen["height"], (
            f"{where}: the first result is below the first screen: {screen}"
        )
    else:
        assert screen["h1Bottom"] is not None and screen["h1Bottom"] <= screen["height"], (
            f"{where}: the title is below the first screen: {screen}"
        )
        assert screen["firstTextTop"] is not None and screen["firstTextTop"] < screen["height"], (
            f"{where}: no content starts in the first screen: {screen}"
        )
    # the crisis bar stays one tap from every page: a visible call link in the first screen
    assert screen["callBottom"] is not None and screen["callBottom"] <= screen["height"], f"{where}: {screen}"
    if name not in HOTLINE_TYPES:
        assert screen["allHotlines"], f"{where}: the crisis strip has no visible 全部热线 link"
    numbers = page.evaluate(BROKEN_NUMBERS)
    assert numbers, f"{where}: no number on the page to measure"  # every page has the crisis strip's number
    broken = [n for n in numbers if n["lines"] > 1]
    assert broken == [], f"{where}: numbers broken across lines: {broken}"
    sideways = page.evaluate(SIDEWAYS)
    assert sideways["scroll"] <= sideways["client"], f"{where} scrolls sideways: {sideways}"
    violations = run_axe(page)
    assert violations == [], f"{where}:\n{json.dumps(violations, ensure_ascii=False, indent=1)}"
    assert page.foreign_requests == [], f"{where} requested another host: {page.foreign_requests}"
    assert page.csp_errors == [], f"{where} broke the Content-Security-Policy: {page.csp_errors}"


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("mode", MODES)
def test_phone_header_and_crisis_strip_are_one_line(new_page, e2e_server, mode, width):
    page = open_page(new_page, e2e_server, "article", mode, width)
    header = page.evaluate(HEADER)
    assert len(header["controls"]) == 1, f"{mode} {width}: the display controls wrap: {header}"
    assert len(header["headerTop"]) == 1, f"{mode} {width}: brand and controls are not on one line: {header}"
    assert len(header["stripLinks"]) == 1, f"{mode} {width}: the crisis strip is more than one line: {header}"
    assert header["allHotlines"] and header["firstCall"], header
    assert header["stripHeight"] <= 64, header


def test_elder_header_fits_at_320_with_every_control(new_page, e2e_server):
    page = open_page(new_page, e2e_server, "article", "elder", 320)
    names = page.locator(".display-controls a").all_inner_texts()
    assert any("退出长辈版" in n for n in names) and len(names) >= 2, names


@pytest.mark.parametrize("mode", MODES)
def test_filter_panel_is_a_details_with_dotted_counts_and_works_without_javascript(new_page, e2e_server, mode):
    page = new_page(mode=mode, width=360, height=640, java_script_enabled=False)
    page.goto(e2e_server.url("search"))
    panel = page.locator("details.filter-panel")
    assert panel.count() == 1 and panel.get_attribute("open") is None
    page.locator("details.filter-panel > summary").click()
    links = panel.locator(".search-facet a").all_inner_texts()
    assert links and all(" · " in text for text in links), links
    first = panel.locator(".search-facet a").first
    assert first.is_visible()


def test_directory_sort_open_first_and_count(new_page, e2e_server):
    page = new_page(width=360, height=640, java_script_enabled=False)
    page.goto(e2e_server.url("directory home"))
    count = page.locator(".results-count").inner_text()
    assert count.startswith("找到 ") and "个服务点" in count
    page.locator("details.filter-panel > summary").click()
    page.select_option("select[name=sort]", "open")
    page.locator("details.filter-panel button[type=submit]").click()
    assert "sort=open" in page.url
    assert "现在开放的在前" in page.locator(".results-count").inner_text()
    statuses = page.locator(".directory-card .directory-status").all_inner_texts()
    is_open = ["正在开放" in s or "24小时开放" in s for s in statuses]
    assert is_open == sorted(is_open, reverse=True), statuses  # every open entry before every other
