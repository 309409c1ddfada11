"""Search suggestions in a real browser: pinyin shows 失眠, keyboard chooses it, and the
form still submits without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_typing_pinyin_offers_the_topic_and_the_keyboard_opens_it(new_page, e2e_server):
    page = new_page()
    page.goto(e2e_server.url("home"))
    box = page.locator("#home-q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("shimian", delay=30)
    listbox = page.locator("[role=listbox]")
    # answers to the shorter prefixes typed on the way may be shown first: wait for "shimian"'s
    expect(listbox.locator("[role=option]").first).to_have_text(re.compile(r"^\s*失眠"), timeout=10000)
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == listbox.locator("[role=option]").first.get_attribute("id")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "失眠" in page.locator("#search-q").input_value()


def test_escape_closes_and_crisis_pinyin_offers_the_hotline(new_page, e2e_server):
    page = new_page()
    page.goto(e2e_server.url("search"))
    box = page.locator("#search-q")
    box.fill("")
    box.press_sequentially("buxianghuole", delay=20)
    first = page.locator("[role=listbox] [role=option]").first
    first.wait_for(timeout=5000)
    assert "suggest-list__crisis" in first.get_attribute("class")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"


def test_the_form_works_without_javascript(new_page, e2e_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(e2e_server.url("home"))
    assert page.locator("#home-q").get_attribute("role") is None  # not enhanced
    page.fill("#home-q", "失眠")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".search-hit").count() > 0
    context.close()
