"""The slug field shows the pinyin address while the title is typed (issue 13, point 3):
an editor (group 编辑) types 冬季抑郁 as the title of a new article and, in the 推广 tab's
slug field, sees ``dongji-yiyu`` — not Wagtail's Chinese characters, which used to turn
into pinyin only on save. The pinyin comes from the site's own admin endpoint
(/admin/slug/pinyin/), no third-party script."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

LOGIN = """
import json
from django.conf import settings
from django.test import Client
from content.articles.models import ArticleIndexPage
from content.home.roles import ROLE_EDITORS
from tests import factories

client = Client()
client.force_login(factories.make_user("e2e-slug-editor", ROLE_EDITORS))
print(json.dumps({
    "cookie": [settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value],
    "article_index": ArticleIndexPage.objects.live().first().pk,
}))
"""


def _slug_becomes(page, expected: str, seconds: float = 10) -> str:
    """The slug field's value once it is ``expected``, or the last one seen after ``seconds``."""
    for _ in range(int(seconds * 10)):
        value = page.input_value("#id_slug")
        if value == expected:
            break
        page.wait_for_timeout(100)
    return value


def test_typing_a_chinese_title_fills_the_slug_with_pinyin(new_page, e2e_server):
    session = json.loads(e2e_server.run_python(LOGIN).strip().splitlines()[-1])
    page = new_page(width=1280, height=900)
    name, value = session["cookie"]
    page.context.add_cookies([{"name": name, "value": value, "url": e2e_server.base_url}])
    page.goto(f"{e2e_server.base_url}/admin/pages/add/articles/articlepage/{session['article_index']}/")
    assert "/login/" not in page.url, "the editor's session was not accepted"
    page.locator("#id_title").click()
    page.locator("#id_title").press_sequentially("冬季抑郁", delay=50)
    assert _slug_becomes(page, "dongji-yiyu") == "dongji-yiyu"
    page.keyboard.press("Tab")  # leaving the title: Wagtail syncs the slug again
    page.wait_for_timeout(700)
    assert page.input_value("#id_slug") == "dongji-yiyu"
    # more words at the end of the title: the slug follows it
    page.locator("#id_title").press("End")
    page.locator("#id_title").press_sequentially("怎么办", delay=50)
    assert _slug_becomes(page, "dongji-yiyu-zenmeban") == "dongji-yiyu-zenmeban"
    assert page.foreign_requests == []
