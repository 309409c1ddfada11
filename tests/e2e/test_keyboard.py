"""Keyboard only: skip link first, visible focus on everything, order follows the page."""

import pytest

pytestmark = pytest.mark.browser

FOCUS_STATE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
        tag: el.tagName, id: el.id, cls: el.className, text: (el.innerText || el.value || "").trim().slice(0, 40),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        shadow: style.boxShadow !== "none",
        top: rect.top, left: rect.left, width: rect.width, height: rect.height,
        inViewport: rect.bottom > 0 && rect.top < innerHeight && rect.width > 0 && rect.height > 0,
        index: [...document.querySelectorAll("*")].indexOf(el),
    };
}"""


@pytest.mark.parametrize("mode", ["standard", "elder"])
@pytest.mark.parametrize("name", ["home", "article", "directory home", "hotlines", "search"])
def test_tab_order_is_the_page_order_and_focus_is_visible(new_page, e2e_server, mode, name):
    page = new_page(mode=mode)
    page.goto(e2e_server.url(name))
    seen = []
    for _ in range(25):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["tag"] == "BODY":
            break
        seen.append(state)
    assert seen, "nothing took the focus"
    assert "skip-link" in seen[0]["cls"], f"the first Tab should reach the skip link, got {seen[0]}"
    assert "crisis-strip__call" in seen[1]["cls"], f"the hotlines come right after the skip link, got {seen[1]}"
    for state in seen:
        assert state["outline"] or state["shadow"], f"no visible focus indicator on {state}"
        assert state["inViewport"], f"focused element scrolled out of view: {state}"
    indexes = [state["index"] for state in seen]
    assert indexes == sorted(indexes), "the Tab order does not follow the document order"


def test_skip_link_moves_focus_to_the_main_content(new_page, e2e_server):
    page = new_page()
    page.goto(e2e_server.url("article"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_elder_mode_switch_works_from_the_keyboard(new_page, e2e_server):
    page = new_page()
    page.goto(e2e_server.url("home"))
    for _ in range(30):
        page.keyboard.press("Tab")
        if "mode-switch" in page.evaluate("document.activeElement.className"):
            break
    else:
        pytest.fail("the 长辈版 switch is not reachable with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "mode-elder" in page.evaluate("document.documentElement.className")
