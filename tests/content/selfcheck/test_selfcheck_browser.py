"""Taking a questionnaire in a real browser (Debian's chromium), in both display modes:
without JavaScript, with the one-question-per-screen enhancement, and axe-core on the
result page (a POST response, so the page-type list in tests/e2e cannot reach it).

The server, browser and axe-core are the shared browser fixtures (tests/e2e/fixtures.py,
loaded for the whole suite by tests/conftest.py).
"""

from __future__ import annotations

import json

import pytest

from tests.e2e.test_accessibility import run_axe

pytestmark = pytest.mark.browser


QUESTIONNAIRE = "self-check questionnaire"  # PHQ-9, the first questionnaire in the demo


def answer_all(page, indices):
    for number, index in enumerate(indices, start=1):
        page.check(f"#question-{number}-{index}")


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_without_javascript_the_form_gives_a_result_with_hotlines_first(new_page, e2e_server, mode):
    page = new_page(mode=mode, java_script_enabled=False)
    page.goto(e2e_server.url(QUESTIONNAIRE))
    assert page.locator("[data-selfcheck-question]").count() == 9
    answer_all(page, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    page.click("button.selfcheck-submit")
    main = page.locator("main")
    assert main.locator(".selfcheck-hotlines--urgent").count() == 1
    first_heading = main.locator("h1, h2").first.inner_text()
    assert first_heading == "请先联系可以帮助您的人"
    assert "这是一份筛查问卷，不是诊断。" in main.inner_text()
    assert page.foreign_requests == [] and page.csp_errors == []


def test_with_javascript_on_a_phone_one_question_per_screen(new_page, e2e_server):
    page = new_page(width=360)
    page.goto(e2e_server.url(QUESTIONNAIRE))
    visible = page.locator("[data-selfcheck-question]:visible")
    assert visible.count() == 1
    assert page.locator(".selfcheck-steps__progress").inner_text() == "第 1 / 9 题"
    page.click("text=下一题")  # nothing chosen yet: stays, and says why
    assert page.locator(".selfcheck-steps__progress").inner_text() == "第 1 / 9 题"
    assert page.locator(".selfcheck-steps__hint").inner_text() == "请先选择一个答案。"
    for number in range(1, 10):
        page.check(f"#question-{number}-2")
        page.click("text=下一题")
    assert page.locator(".selfcheck-submit").is_visible()
    page.click("button.selfcheck-submit")
    assert "18" in page.locator(".selfcheck-score__total").inner_text()
    assert page.locator(".selfcheck-hotlines--urgent").count() == 1  # item 9 answered 2
    assert page.csp_errors == []


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_result_page_passes_axe(browser, e2e_server, axe_source, mode):
    context = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True, locale="zh-CN")
    try:
        if mode == "elder":
            context.add_cookies([{"name": "anxin_mode", "value": "elder", "url": e2e_server.base_url}])
        page = context.new_page()
        page.goto(e2e_server.url(QUESTIONNAIRE))
        # Incomplete first: the form comes back with its error summary.
        with page.expect_navigation():
            page.evaluate("document.querySelector('[data-selfcheck-form]').submit()")
        assert page.locator("#selfcheck-errors").count() == 1
        errors_page = run_axe(page, axe_source)
        # Then complete (through the DOM: on a phone the enhancement shows one question at a time).
        with page.expect_navigation():
            page.evaluate(
                """(indices) => {
                    indices.forEach((index, i) => {
                        document.getElementById(`question-${i + 1}-${index}`).checked = true;
                    });
                    document.querySelector('[data-selfcheck-form]').submit();
                }""",
                [3, 3, 3, 3, 3, 0, 0, 0, 1],
            )
        assert page.locator(".selfcheck-score__total").count() == 1
        result_page = run_axe(page, axe_source)
    finally:
        context.close()
    assert errors_page == [], json.dumps(errors_page, ensure_ascii=False, indent=1)
    assert result_page == [], json.dumps(result_page, ensure_ascii=False, indent=1)
