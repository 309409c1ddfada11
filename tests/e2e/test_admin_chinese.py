"""The admin in Chinese as the browser renders it (issue 13, point 4): what JavaScript
draws (the sidebar's "Search all pages…", the autosave indicator, the comments and the
keyboard-shortcuts dialog) never reaches the test client's walk
(tests/anxin/test_admin_chinese.py). An editor (group 编辑) logs in (a session made on the server),
opens the dashboard, the page explorer and an article's edit page, and the visible text
(``innerText``) and the rendered DOM's UI text must hold no English word that is not a
brand, a format or data (tests/anxin/english_text.py).
"""

from __future__ import annotations

import json

import pytest

from tests.anxin.english_text import english_in_html, english_words

pytestmark = pytest.mark.browser

LOGIN_AND_DATA = """
import json
from django.conf import settings
from django.test import Client
from content.home.roles import ROLE_EDITORS
from tests import factories
from tests.anxin.english_text import data_words_from
from tests.anxin.test_admin_chinese import _world

client = Client()
client.force_login(factories.make_user("e2e-chinese-editor", ROLE_EDITORS))  # the demo's own accounts need DEBUG
world = _world()


def leaves(value):  # the strings of the article's StreamFields (its sources' titles…): data
    if isinstance(value, dict):
        return [text for key, item in value.items() if key not in ("type", "id") for text in leaves(item)]
    if isinstance(value, list):
        return [text for item in value for text in leaves(item)]
    return [value] if isinstance(value, str) else []


article = world["article"]
streams = [field.get_prep_value(getattr(article, field.name)) for field in article._meta.fields
           if field.get_internal_type() == "StreamField" or type(field).__name__ == "StreamField"]
words = set(world["data_words"]) | data_words_from(*leaves(streams))
print(json.dumps({
    "cookie": [settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value],
    "article_index": world["article_index"].pk,
    "article": world["article"].pk,
    "data_words": sorted(words),
}))
"""


# The DOM as rendered, without the vendored date picker's "Save Selected" button: it is only
# shown in a multiple-date mode Wagtail never turns on, and its text is not translatable.
RENDERED_DOM = """() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll(".xdsoft_save_selected").forEach((button) => button.remove());
    return copy.outerHTML;
}"""


@pytest.fixture(scope="module")
def editor_session(e2e_server):
    return json.loads(e2e_server.run_python(LOGIN_AND_DATA).strip().splitlines()[-1])


def _english_on_screen(page, data_words):
    words = frozenset(data_words)
    visible = [line for line in page.evaluate("document.body.innerText").splitlines() if english_words(line, words)]
    rendered = english_in_html(page.evaluate(RENDERED_DOM), words)
    return visible + rendered


def test_the_editor_sees_no_english_in_the_browser(new_page, e2e_server, editor_session):
    page = new_page(width=1280, height=900)
    name, value = editor_session["cookie"]
    page.context.add_cookies([{"name": name, "value": value, "url": e2e_server.base_url}])
    data_words = editor_session["data_words"]
    screens = {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{editor_session['article_index']}/",
        "edit": f"/admin/pages/{editor_session['article']}/edit/",
    }
    findings = []
    for label, path in screens.items():
        page.goto(e2e_server.base_url + path)
        page.wait_for_load_state("networkidle")
        assert "/login/" not in page.url, "the editor's session was not accepted"
        findings += [f"{label}: {finding}" for finding in _english_on_screen(page, data_words)]
    # the edit page's JavaScript UI: type in the title (autosave runs), open the shortcuts dialog
    page.fill("#id_title", page.input_value("#id_title") + "（修订）")
    page.wait_for_timeout(1500)
    page.keyboard.press("Escape")
    page.locator("body").press("?")
    page.wait_for_timeout(500)
    findings += [f"edit (typed, shortcuts): {finding}" for finding in _english_on_screen(page, data_words)]
    assert findings == [], "English UI text in the browser:\n" + "\n".join(dict.fromkeys(findings))
