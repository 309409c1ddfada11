"""Issue #17 points 4 and 7 in the browser: the home page and the events month view at
320, 360 and 1280 px in both modes — first content inside the first screen, no sideways
scrolling (axe: test_phone_first.py), nothing from another host, cover images that do not shift
the layout; the calendar's seven columns on a wide screen and its agenda on a phone."""

import pytest

pytestmark = pytest.mark.browser
WIDTHS = [320, 360, 1280]
MODES = ["standard", "elder"]
NAMES = ["home", "events month"]

LAYOUT_SHIFT = """async () => {
    const shifts = [];
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) shifts.push(entry.value);
    }).observe({type: "layout-shift", buffered: true});
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
        window.scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    window.scrollTo(0, 0);
    return shifts.reduce((a, b) => a + b, 0);
}"""

GRID_COLUMNS = "getComputedStyle(document.querySelector('.calendar-month .calendar')).gridTemplateColumns"
OVERFLOW = """() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
        .filter((el) => !el.closest(".table-scroll, .visually-hidden, .skip-link"))
        .slice(0, 5).map((el) => el.outerHTML.slice(0, 160));
    return {scroll: root.scrollWidth, client: root.clientWidth, wide};
}"""


def open_page(browser, e2e_server, name, mode, width, **options):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN", **options)
    if mode == "elder":
        context.add_cookies([{"name": "anxin_mode", "value": "elder", "url": e2e_server.base_url}])
    page = context.new_page()
    page.foreign_requests = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((e2e_server.base_url, "data:", "blob:"))
            else page.foreign_requests.append(request.url)
        ),
    )
    response = page.goto(e2e_server.url(name), wait_until="load")
    assert response.status == 200
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", NAMES)
def test_first_screen_fit_axe_and_hosts(browser, e2e_server, name, mode, width):
    # bypass_csp only so that axe can be injected (the CSP has its own test)
    context, page = open_page(browser, e2e_server, name, mode, width, bypass_csp=True)
    try:
        first = ".task-tile" if name == "home" else ".calendar-month, .calendar-empty"
        heading = page.locator("main h1").bounding_box()
        content = page.locator(first).first.bounding_box()
        assert heading["y"] + heading["height"] <= 800, f"{name} h1 below the first screen: {heading}"
        assert content["y"] < 800, f"{name} ({mode}, {width}px): {first} starts below the first screen: {content}"
        overflow = page.evaluate(OVERFLOW)
        assert overflow["scroll"] <= overflow["client"], f"{name} ({mode}) scrolls sideways at {width}px: {overflow}"
        shift = page.evaluate(LAYOUT_SHIFT)
        assert shift < 0.01, f"{name} ({mode}, {width}px): cumulative layout shift {shift:.3f}"
        images = page.evaluate(
            """() => [...document.querySelectorAll("main img")].map((img) => ({
                src: img.currentSrc, width: img.getAttribute("width"), height: img.getAttribute("height"),
                ratio: getComputedStyle(img.parentElement).aspectRatio}))"""
        )
        for image in images:
            assert (image["width"] and image["height"]) or image["ratio"] != "auto", image
        # axe at every width and mode: test_phone_first.test_every_page_at_every_width
        assert page.foreign_requests == [], f"{name} requested another host: {page.foreign_requests}"
    finally:
        context.close()


@pytest.mark.parametrize("mode", MODES)
def test_home_tiles_chips_covers_and_wide_grid(browser, e2e_server, mode):
    context, page = open_page(browser, e2e_server, "home", mode, 1280)
    try:
        labels = page.locator(".task-tile__label").all_inner_texts()
        assert labels == ["打热线", "找服务", "做自测", "看科普", "查活动"]
        tiles = [box["y"] for box in (tile.bounding_box() for tile in page.locator(".task-tile").all())]
        assert max(tiles) - min(tiles) < 1, f"the five tiles share one row at 1280 px: {tiles}"
        assert page.locator(".task-tile svg.icon").count() == 5
        assert page.locator(".chip-list .chip").count() >= 5
        assert page.locator("#h-audiences ~ ul li").count() == page.locator(".chip").count()
        cards = [card.bounding_box() for card in page.locator(".cover-card").all()[:3]]
        assert len({round(card["y"]) for card in cards}) == 1, f"article cards in a grid row: {cards}"
        assert page.locator(".cover-card picture source[type='image/avif']").count() >= 3
        assert page.locator(".cover-card img[loading='lazy']").count() == page.locator(".cover-card img").count()
        assert page.locator(".event-row .date-badge").count() >= 1
        body = page.locator("body").inner_text()
        assert "约 1 分钟" not in body
    finally:
        context.close()


def test_home_works_without_javascript(browser, e2e_server):
    context, page = open_page(browser, e2e_server, "home", "standard", 360, java_script_enabled=False)
    try:
        assert page.locator(".task-tile").count() == 5
        hotline = page.locator(".task-tile--phone")
        assert hotline.is_visible()
        hotline.click()
        assert page.locator("a[href^='tel:']").count() >= 2
    finally:
        context.close()


@pytest.mark.parametrize("mode", MODES)
def test_month_view_is_a_grid_on_desktop_and_an_agenda_on_phones(browser, e2e_server, mode):
    context, page = open_page(browser, e2e_server, "events month", mode, 1280)
    try:
        columns = page.evaluate(
            "getComputedStyle(document.querySelector('.calendar-month .calendar')).gridTemplateColumns"
        )
        assert len(columns.split()) == 7, columns
        assert page.locator(".calendar__weekday").count() == 7
        today = page.locator(".calendar__day[aria-current='date']")
        assert today.count() == 1 and today.is_visible() and "今天" in today.inner_text()
        visible_days = page.locator(".calendar__day:visible").count()
        assert visible_days >= 28
        assert "iCalendar" not in page.locator("body").inner_text()
    finally:
        context.close()
    context, page = open_page(browser, e2e_server, "events month", mode, 360)
    try:
        columns = page.evaluate(
            "getComputedStyle(document.querySelector('.calendar-month .calendar')).gridTemplateColumns"
        )
        assert len(columns.split()) == 1, columns
        assert not page.locator(".calendar__weekday").first.is_visible()
        visible = page.locator(".calendar__day:visible")
        for index in range(visible.count()):
            day = visible.nth(index)
            assert day.locator(".calendar__event").count() or day.get_attribute("aria-current") == "date"
        assert page.locator(".calendar__day[aria-current='date']").is_visible()
    finally:
        context.close()
