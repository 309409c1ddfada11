"""The area chooser in a real browser (Debian's chromium) against the e2e server: an
organizer opens a new event, finds their organization already chosen, opens the 所在区划
chooser, searches 嘉定镇, picks 嘉定镇街道 and sees its path in the form.
"""

from __future__ import annotations

import json
import secrets

import pytest

from tests.content.articles.test_review_browser import log_in

pytestmark = pytest.mark.browser

PATH = "上海市 › 上海市市辖区 › 嘉定区 › 嘉定镇街道"
SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from content.events.models import EventIndexPage
from content.events.scoping import set_user_organization
from content.reference.models import Organization
user = get_user_model().objects.create_user("e2e-organizer", password=PASSWORD)
user.groups.add(Group.objects.get(name="活动组织者"))
set_user_organization(user, Organization.objects.get(name="嘉定镇街道社区卫生服务中心"))
print(json.dumps({"index": EventIndexPage.objects.first().pk}))
"""


def test_organizer_searches_the_area_chooser_and_sees_the_path(new_page, e2e_server):
    password = secrets.token_urlsafe(12)
    created = json.loads(e2e_server.run_python(f"PASSWORD = {password!r}\n" + SETUP).strip().splitlines()[-1])
    page = new_page(width=1280)
    log_in(page, e2e_server.base_url, "e2e-organizer", password)
    page.goto(f"{e2e_server.base_url}/admin/pages/add/events/eventpage/{created['index']}/")
    assert page.locator("#id_organizer-chooser [data-chooser-title]").inner_text() == "嘉定镇街道社区卫生服务中心"

    page.locator("#id_area-chooser .unchosen button, #id_area-chooser [data-chooser-action-choose]").first.click()
    modal = page.locator(".modal-content")
    search = modal.locator("#id_q")
    search.wait_for()
    search.fill("嘉定镇")
    result = modal.locator("a[data-chooser-modal-choice]", has_text="嘉定镇街道").first
    result.wait_for()
    assert PATH in result.inner_text()
    assert "找到" in modal.inner_text()
    result.click()

    title = page.locator("#id_area-chooser [data-chooser-title]")
    title.wait_for()
    assert title.inner_text() == PATH
    assert page.locator("input[name='area']").input_value() == "310114004000"

    # browsing: top level → 上海市 → … by the 下级 links, inside the modal
    page.locator("#id_area-chooser [data-chooser-action-choose]").first.dispatch_event("click")
    modal.locator("a[data-chooser-modal-choice]", has_text="上海市").first.wait_for()
    modal.get_by_role("link", name="上海市的下级区划").click()
    modal.get_by_role("link", name="上海市市辖区的下级区划").click()
    modal.get_by_role("link", name="嘉定区的下级区划").click()
    modal.locator("a[data-chooser-modal-choice]", has_text="南翔镇").first.wait_for()
    assert page.url.endswith(f"/eventpage/{created['index']}/")  # still the form, not a fragment
    assert page.foreign_requests == []
