"""The expert-review flow in a real browser (Debian's chromium) against the e2e server:
an editor submits a draft to 专家审核 in the admin, a 审核专家 approves it in the admin,
and the live article shows the 审核专家 line and its card "专家已审核" at 360 px in
both display modes.
"""

from __future__ import annotations

import json
import secrets

import pytest

pytestmark = pytest.mark.browser

SETUP = """
import json, datetime
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from content.articles.models import ArticleIndexPage, ArticlePage
from content.reference.models import Audience, Expert
User = get_user_model()
editor = User.objects.create_user("e2e-editor", password=PASSWORD)
editor.groups.add(Group.objects.get(name="编辑"))
reviewer = User.objects.create_user("e2e-reviewer", password=PASSWORD)
reviewer.groups.add(Group.objects.get(name="审核专家"))
expert = Expert.objects.create(name="周复审", title="主任医师", institution="演示区精神卫生中心", user=reviewer)
index = ArticleIndexPage.objects.live().first()
page = ArticlePage(title="浏览器审核流程的文章", slug="e2e-review-flow", summary="专家审核流程测试。",
                   body=[("paragraph", "<p>睡前放下手机，规律作息。</p>")], live=False, owner=editor)
index.add_child(instance=page)
page.audiences.set(Audience.objects.all()[:1])
page.save_revision(user=editor)
print(json.dumps({"page": page.pk, "index_url": index.url}))
"""


def log_in(page, base_url, username, password):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/admin/")


def click_in_action_menu(page, selector):
    """Open the footer's action dropdown (if the item is inside it) and click the item."""
    item = page.locator(selector).first
    if not item.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle").first.click()
    with page.expect_navigation():
        item.click()


def test_editor_submits_expert_approves_and_readers_see_the_review(new_page, e2e_server):
    password = secrets.token_urlsafe(12)
    created = json.loads(e2e_server.run_python(f"PASSWORD = {password!r}\n" + SETUP).strip().splitlines()[-1])
    edit = f"{e2e_server.base_url}/admin/pages/{created['page']}/edit/"

    editor = new_page(width=1280)
    log_in(editor, e2e_server.base_url, "e2e-editor", password)
    editor.goto(edit)
    assert editor.locator("button[name='action-publish']").count() == 0  # no 发布 for editors
    click_in_action_menu(editor, "button[name='action-submit']")
    assert "已经提交进行审核" in editor.content()

    reviewer = new_page(width=1280)
    log_in(reviewer, e2e_server.base_url, "e2e-reviewer", password)
    reviewer.goto(edit)
    assert reviewer.locator("button[name='action-publish']").count() == 0  # no plain 发布 for experts
    click_in_action_menu(reviewer, "button[data-workflow-action-name='approve']")

    state = json.loads(
        e2e_server.run_python(
            "import json\nfrom content.articles.models import ArticlePage\n"
            f"p = ArticlePage.objects.get(pk={created['page']})\n"
            "print(json.dumps([p.live, p.reviewer.name if p.reviewer else None, str(p.reviewed_date),"
            " str(p.next_review_date), p.url]))"
        )
        .strip()
        .splitlines()[-1]
    )
    live, reviewer_name, reviewed, next_review, url = state
    assert live and reviewer_name == "周复审"
    assert reviewed != "None" and next_review > reviewed

    for mode in ("standard", "elder"):
        reader = new_page(mode=mode, width=360)
        reader.goto(e2e_server.base_url + url)
        text = reader.locator("main").inner_text()
        assert "审核专家 周复审（主任医师，演示区精神卫生中心）" in text.replace("\n", " ")
        assert reader.evaluate("document.documentElement.scrollWidth") <= 360
        reader.goto(e2e_server.base_url + created["index_url"])
        card = reader.locator("article, li, .card").filter(has_text="浏览器审核流程的文章").last
        assert "专家已审核" in card.inner_text()
        assert reader.foreign_requests == [] and reader.csp_errors == []
