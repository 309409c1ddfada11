"""Print to phone (issue 17 point 9) in Debian's chromium: printed as A4 with print
media, an entry's page and the hotline poster are exactly one page; no phone number
breaks across lines on paper; the QR code is drawn; nothing comes from another host."""

import re

import pytest

pytestmark = pytest.mark.browser

PRINT_TYPES = ["service print", "township print", "hotline poster", "event print"]
ONE_PAGE = ["service print", "hotline poster"]

#: Every .phone-number on the page and on how many lines it lies (its client rects).
NUMBER_LINES = """() => [...document.querySelectorAll(".phone-number")]
    .filter((el) => el.getClientRects().length)
    .map((el) => ({text: el.textContent, lines: new Set([...el.getClientRects()]
        .filter((r) => r.width > 0 && r.height > 0).map((r) => Math.round(r.top + r.height / 2))).size}))"""

#: What print media hides and shows, and the QR code's size.
ON_PAPER = """() => {
    const shown = (selector) => [...document.querySelectorAll(selector)].some((el) => el.getClientRects().length);
    const qr = document.querySelector(".sheet__qr svg.qr-code");
    const box = qr ? qr.getBoundingClientRect() : null;
    return {
        chrome: shown(".crisis-strip, .site-header, .site-footer, .print-controls"),
        qr: box ? Math.round(box.width) : 0,
        caption: document.querySelector(".sheet__scan-title")?.textContent.trim(),
        body: getComputedStyle(document.body).color,
    };
}"""

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?!s)")


def printed(new_page, e2e_server, name, mode="standard"):
    page = new_page(mode=mode, width=794, height=1123)
    response = page.goto(e2e_server.url(name), wait_until="load")
    assert response.status == 200
    page.emulate_media(media="print")
    return page


@pytest.mark.parametrize("mode", ["standard", "elder"])
@pytest.mark.parametrize("name", PRINT_TYPES)
def test_on_paper_numbers_whole_qr_drawn_nothing_foreign(new_page, e2e_server, name, mode):
    page = printed(new_page, e2e_server, name, mode)
    where = f"{name} ({mode})"
    paper = page.evaluate(ON_PAPER)
    assert paper["chrome"] is False, f"{where}: the site's header, strip or footer is printed"
    assert paper["qr"] >= 120, f"{where}: QR code missing or too small to scan: {paper}"  # 96 px per inch: ≥ 32 mm
    assert paper["caption"] == "用手机扫码打开"
    assert paper["body"] == "rgb(0, 0, 0)"
    numbers = page.evaluate(NUMBER_LINES)
    assert numbers, f"{where}: no phone number on the page"
    broken = [n for n in numbers if n["lines"] != 1]
    assert broken == [], f"{where}: numbers broken across lines on paper: {broken}"
    assert page.foreign_requests == [], f"{where} requested another host: {page.foreign_requests}"
    assert page.csp_errors == [], f"{where}: {page.csp_errors}"


@pytest.mark.parametrize("mode", ["standard", "elder"])
@pytest.mark.parametrize("name", ONE_PAGE)
def test_entry_and_poster_print_on_one_a4_page(new_page, e2e_server, name, mode):
    page = printed(new_page, e2e_server, name, mode)
    pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
    pages = len(PAGE_OBJECT.findall(pdf))
    assert pages == 1, f"{name} ({mode}) prints on {pages} A4 pages"
