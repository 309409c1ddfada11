"""Issue 13, point 2: the admin menu shows each role exactly what it can open.

For each of the four demo roles the test logs in through the real login, reads the
sidebar's menu from the admin home page (the telepath-packed JSON Wagtail renders in
``#wagtail-sidebar-props``), GETs every link it shows and expects 200, and checks
that the items a role may not use are neither shown nor opened.
"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Group

from content.events.scoping import set_user_organization
from tests import factories

PROPS = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S)

# label → admin URL, for the menu items whose visibility depends on the role.
ROLE_ITEMS = {
    "表格导入": "/admin/directory_import/",
    "覆盖率报告": "/admin/directory_coverage/",
    "待核实": "/admin/snippets/directory/servicepoint/?needs_checking=true&ordering=last_verified",
    "待复审文章": "/admin/reports/articles-review-due/",
    "表格导入导出": "/admin/events/import/",
}
# What each role must (True) or must not (False) find in its menu.
EXPECTED = {
    "admin": dict.fromkeys(ROLE_ITEMS, True),
    "editor": dict.fromkeys(ROLE_ITEMS, True) | {"表格导入导出": False},
    "reviewer": {"表格导入": False, "覆盖率报告": True, "待核实": True, "待复审文章": True, "表格导入导出": False},
    "organizer": {"表格导入": False, "覆盖率报告": True, "待核实": True, "待复审文章": False, "表格导入导出": True},
}


def _links(node, found):
    """(label, url) of every link in the unpacked telepath tree."""
    if isinstance(node, dict):
        if node.get("_type", "").endswith("LinkMenuItem"):
            args = node["_args"][0]
            found.append((args["label"], args["url"]))
        for value in node.values():
            _links(value, found)
    elif isinstance(node, list):
        for value in node:
            _links(value, found)
    return found


def menu_links(client) -> dict[str, str]:
    response = client.get("/admin/")
    assert response.status_code == 200
    props = json.loads(PROPS.search(response.content.decode()).group(1))
    return dict(_links(props, []))


@pytest.fixture
def role_users(db, home_page):
    organization = factories.make_organization("嘉定镇街道社区卫生服务中心")
    admin = factories.make_user("admin", role="管理员", is_superuser=True, is_staff=True)
    organizer = factories.make_user("organizer", role="活动组织者")
    set_user_organization(organizer, organization)
    reviewer = factories.make_user("reviewer", role="审核专家")
    factories.make_expert(user=reviewer)
    return {
        "admin": admin,
        "editor": factories.make_user("editor", role="编辑"),
        "reviewer": reviewer,
        "organizer": organizer,
    }


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_shown_menu_item_opens(client, role_users, role):
    assert Group.objects.filter(name="活动组织者").exists()
    client.force_login(role_users[role])
    links = menu_links(client)
    assert links, "the sidebar has links"
    refused = {}
    for label, url in links.items():
        if not url.startswith("/admin/") or url.startswith("/admin/logout"):
            continue
        response = client.get(url, follow=True)  # settings redirect to the default site's
        landed = response.redirect_chain[-1][0] if response.redirect_chain else url
        if response.status_code != 200 or landed.rstrip("/") == "/admin":
            refused[label] = (url, response.status_code, landed)
    assert refused == {}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_menu_shows_exactly_what_the_role_may_use(client, role_users, role):
    client.force_login(role_users[role])
    links = menu_links(client)
    shown = {label: label in links for label in ROLE_ITEMS}
    assert shown == EXPECTED[role]
    for label, allowed in EXPECTED[role].items():
        if not allowed:
            response = client.get(ROLE_ITEMS[label])
            assert response.status_code in (302, 403), label
            if response.status_code == 302:
                assert "/login/" not in response["Location"]
                messages = client.get(response["Location"]).content.decode()
                assert "没有权限" in messages or "权限" in messages
