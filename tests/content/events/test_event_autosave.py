"""Autosave of an unfinished event (issue 13, point 3): the draft is kept, not refused
with a 400 for its missing place; publishing still needs an address or an online link, said in Chinese."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from content.events.models import EventPage
from tests.content.events.test_scoping import event_form

pytestmark = pytest.mark.django_db

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}  # how Wagtail's autosave posts the form


def test_an_unfinished_event_autosaves_and_publishing_still_needs_a_place(
    client, superuser, org_a, village, event_index
):
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    # the dates are in (their columns cannot be empty, Wagtail asks for them first); no place yet
    unfinished = event_form(org_a, village, title="冬季减压讲座", slug="冬季减压讲座", address="")
    response = client.post(url, unfinished, **AUTOSAVE)
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["success"] is True
    event = EventPage.objects.get(title="冬季减压讲座")
    assert event.slug == "dongji-jianya-jiangzuo" and not event.live

    edit = reverse("wagtailadmin_pages:edit", args=[event.pk])
    finished = event_form(org_a, village, title="冬季减压讲座", slug=event.slug, address="", **{"action-publish": "1"})
    response = client.post(edit, finished)
    assert response.status_code == 200
    body = response.content.decode()
    assert "请选择服务目录中的场地或填写地址。" in body
    assert not EventPage.objects.get(pk=event.pk).live
