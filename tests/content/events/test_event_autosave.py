"""Autosave of an unfinished event (issue 13, point 3), through the real admin URLs.

A new event is created by 保存草稿 (the create form does not autosave, see
tests/content/articles/test_pinyin_slugs.py); from then on the edit form autosaves. The
draft may lack its place, and its start and end may be emptied: the draft revision keeps
them empty while the page row keeps the last dates it had (the columns cannot be empty).
Publishing still needs a place and dates, said in Chinese.
"""

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
    # 保存草稿 of a new event: the dates are asked for (nothing to keep otherwise), no place yet
    unfinished = event_form(org_a, village, title="冬季减压讲座", slug="冬季减压讲座", address="")
    assert client.post(url, unfinished).status_code == 302
    event = EventPage.objects.get(title="冬季减压讲座")
    assert event.slug == "dongji-jianya-jiangzuo" and not event.live

    edit = reverse("wagtailadmin_pages:edit", args=[event.pk])
    revision = event.latest_revision
    # the organizer clears the dates to retype them; autosave keeps the draft, no 400
    cleared = event_form(
        org_a,
        village,
        title="冬季减压讲座（修改中）",
        slug=event.slug,
        address="",
        start="",
        end="",
        overwrite_revision_id=str(revision.pk),
    )
    response = client.post(edit, cleared, **AUTOSAVE)
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["success"] is True
    event.refresh_from_db()
    draft = event.get_latest_revision_as_object()
    assert draft.title == "冬季减压讲座（修改中）" and draft.start is None and draft.end is None
    assert event.start.year == 2031 and event.end.year == 2031  # the row keeps its dates
    # the edit form shows the draft as it is (empty dates), without an error
    page = client.get(edit)
    assert page.status_code == 200 and "冬季减压讲座（修改中）" in page.content.decode()
    # its preview renders (no 500)
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[event.pk])
    assert client.post(preview, cleared).status_code == 200
    shown = client.get(preview)
    assert shown.status_code == 200 and "冬季减压讲座（修改中）" in shown.content.decode()

    finished = event_form(org_a, village, title="冬季减压讲座", slug=event.slug, address="", **{"action-publish": "1"})
    response = client.post(edit, finished)
    assert response.status_code == 200
    body = response.content.decode()
    assert "请选择服务目录中的场地或填写地址。" in body
    assert not EventPage.objects.get(pk=event.pk).live
    # publishing without dates is refused in Chinese too
    response = client.post(edit, {**finished, "start": "", "address": "南翔镇某路 1 号"})
    assert response.status_code == 200 and "必需字段" in response.content.decode()
    assert not EventPage.objects.get(pk=event.pk).live


def test_a_new_event_needs_its_dates_even_as_a_draft(client, superuser, org_a, village, event_index):
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    response = client.post(url, event_form(org_a, village, title="没有日期", start="", end=""))
    assert response.status_code == 200 and "必需字段" in response.content.decode()
    assert not EventPage.objects.filter(title="没有日期").exists()
