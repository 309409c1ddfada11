"""长辈模式 in the browser: MIIT elder-friendly rules, measured on the rendered pages."""

import pytest

pytestmark = pytest.mark.browser

READING_TYPES = ["home", "article", "audience", "service detail", "hotlines", "event", "self-check questionnaire"]
ALL_TYPES = [*READING_TYPES, "article index", "directory home", "search", "events list", "events month", "404"]

TYPOGRAPHY = """() => {
    const px = (value) => parseFloat(value);
    const body = getComputedStyle(document.body);
    const paragraphs = [...document.querySelectorAll("main p")].filter((p) => p.innerText.trim().length > 0);
    const rows = paragraphs.map((p) => {
        const style = getComputedStyle(p);
        const next = p.nextElementSibling;
        // In a flex or grid container the spacing is the container's gap, not the paragraph's margin.
        const parentDisplay = getComputedStyle(p.parentElement).display;
        const flow = !["flex", "inline-flex", "grid", "inline-grid"].includes(parentDisplay);
        const visible = (el) => !!el && el.getClientRects().length > 0;
        return {
            text: p.innerText.slice(0, 30), size: px(style.fontSize), lineHeight: px(style.lineHeight),
            marginBottom: px(style.marginBottom), followedByParagraph: flow && visible(next) && next.tagName === "P",
        };
    });
    return {bodySize: px(body.fontSize), rows};
}"""

TAP_TARGETS = """(minimum) => {
    const small = [];
    const targets = document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary");
    for (const el of targets) {
        const style = getComputedStyle(el);
        if (style.visibility === "hidden" || el.closest(".visually-hidden, [hidden]")) continue;
        if (el.classList.contains("skip-link") || el.getAttribute("tabindex") === "-1") continue;
        if (el.closest("[aria-hidden=true]")) continue;
        let rect = el.getBoundingClientRect();
        if (rect.width === 0 && rect.height === 0) continue;
        const label = el.closest("label");
        if (["checkbox", "radio"].includes(el.type) && label) rect = label.getBoundingClientRect();
        // WCAG 2.5.8's inline exception: a link inside a sentence is sized by the text around it.
        const parentText = (el.parentElement.innerText || "").trim();
        const ownText = (el.innerText || "").trim();
        if (style.display === "inline" && parentText.length > ownText.length + 1) continue;
        if (rect.height < minimum - 0.5 || rect.width < minimum - 0.5) {
            const size = {width: Math.round(rect.width), height: Math.round(rect.height)};
            small.push({html: el.outerHTML.slice(0, 120), ...size});
        }
    }
    return small;
}"""


@pytest.mark.parametrize("name", READING_TYPES)
def test_text_size_and_spacing(new_page, e2e_server, name):
    page = new_page(mode="elder")
    page.goto(e2e_server.url(name))
    typography = page.evaluate(TYPOGRAPHY)
    assert typography["bodySize"] >= 18
    for row in typography["rows"]:
        assert row["size"] >= 18, f"text smaller than 18 px: {row}"
        assert row["lineHeight"] >= 1.3 * row["size"], f"line spacing below 1.3: {row}"
        if row["followedByParagraph"]:
            assert row["marginBottom"] >= 1.3 * row["lineHeight"] - 0.5, f"paragraph spacing below 1.3 × line: {row}"


@pytest.mark.parametrize("name", ALL_TYPES)
def test_tap_targets_are_at_least_48px(new_page, e2e_server, name):
    page = new_page(mode="elder")
    page.goto(e2e_server.url(name))
    small = page.evaluate(TAP_TARGETS, 48)
    assert small == [], f"{name}: tap targets under 48 px in 长辈模式: {small}"


@pytest.mark.parametrize("name", ["home", "article", "directory home"])
def test_no_animation_and_no_popups(new_page, e2e_server, name):
    page = new_page(mode="elder")
    page.goto(e2e_server.url(name), wait_until="load")
    page.wait_for_timeout(300)
    found = page.evaluate(
        """() => ({
            animations: document.getAnimations().length,
            animated: [...document.querySelectorAll("*")].filter((el) => {
                const s = getComputedStyle(el);
                return s.animationName !== "none" || parseFloat(s.transitionDuration) > 0;
            }).length,
            dialogs: document.querySelectorAll("dialog[open], [role=dialog], [role=alertdialog]").length,
            overlays: [...document.querySelectorAll("body *")]
                .filter((el) => getComputedStyle(el).position === "fixed").length,
        })"""
    )
    assert found == {"animations": 0, "animated": 0, "dialogs": 0, "overlays": 0}


def test_switch_persists_across_pages_without_an_account(new_page, e2e_server):
    page = new_page()
    page.goto(e2e_server.url("home"))
    standard_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("link", name="长辈版").first.click()
    page.wait_for_load_state()
    assert "mode-elder" in page.evaluate("document.documentElement.className")
    page.goto(e2e_server.url("article"))
    assert "mode-elder" in page.evaluate("document.documentElement.className")
    elder_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert elder_size >= 18 and elder_size > standard_size
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies == {"anxin_mode": "elder"}, "the only cookie is the display choice"
    # A+ makes the text larger and remembers it.
    page.get_by_role("link", name="A+").first.click()
    page.wait_for_load_state()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > elder_size
    page.goto(e2e_server.url("home"))
    assert "text-step-p1" in page.evaluate("document.documentElement.className")
    page.get_by_role("link", name="退出长辈版").first.click()
    page.wait_for_load_state()
    assert "mode-standard" in page.evaluate("document.documentElement.className")


def test_works_without_javascript(new_page, e2e_server):
    page = new_page(java_script_enabled=False)
    page.goto(e2e_server.url("home"))
    page.get_by_role("link", name="长辈版").first.click()
    page.wait_for_load_state()
    html = page.content()
    assert 'class="mode-elder"' in html
    assert 'href="tel:' in html


# Pages whose own CSS (outside the theme) still hard-codes a colour: reported to their owners.
CONTRAST_OWED: dict[str, str] = {}  # page type → reason, for a known contrast debt (none today)


@pytest.mark.parametrize("name", [*ALL_TYPES, "offline hotlines", "search crisis", "topics"])
def test_high_contrast_meets_wcag_aaa(browser, e2e_server, axe_source, name, request):
    """长辈模式 is the high-contrast option: text contrast ≥ 7:1 (axe's color-contrast-enhanced)."""
    if name in CONTRAST_OWED:
        request.applymarker(pytest.mark.xfail(reason=CONTRAST_OWED[name], strict=False))
    url = e2e_server.url(name)
    context = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True)
    try:
        context.add_cookies([{"name": "anxin_mode", "value": "elder", "url": e2e_server.base_url}])
        page = context.new_page()
        page.goto(url)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            """async () => (await axe.run(document, {runOnly: {type: "rule", values: ["color-contrast-enhanced"]}}))
                .violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary))"""
        )
    finally:
        context.close()
    assert violations == [], f"{name}: {violations}"
