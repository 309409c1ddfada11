"""Editors manage questionnaires in Wagtail's page editor."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("selfcheck-admin", "a@example.org", "pw")
    client.force_login(user)
    return client


def test_edit_view_shows_questions_bands_and_sources(admin_client, selfcheck_site):
    page = selfcheck_site["EPDS"]
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    # StreamField values and block definitions travel as JSON (non-ASCII escaped) for the editor.
    for text in ("我想过要伤害自己", "很可能有抑郁", "Cox JL, Holden JM, Sagovsky R", "自伤风险题", "推荐服务类型"):
        assert text in body or json.dumps(text)[1:-1] in body, text


def test_add_view_under_the_index(admin_client, selfcheck_site):
    index = selfcheck_site["index"]
    url = reverse("wagtailadmin_pages:add", args=["selfcheck", "questionnairepage", index.pk])
    assert admin_client.get(url).status_code == 200


def test_preview_renders_the_form(admin_client, selfcheck_site):
    page = selfcheck_site["GAD-7"]
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200
    assert "由于不安而无法静坐" in response.content.decode()
