"""Bulk-publishing drafts that are not complete (issue 13): an administrator selects
event drafts in the page explorer and presses 发布. A draft without a place cannot be
published: the answer is a Chinese message naming the page and what is missing, never a
500, and nothing of the selection is published."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from content.events.models import EventPage
from tests.content.events.test_scoping import event_form

pytestmark = pytest.mark.django_db


def _draft(client, event_index, org_a, village, **extra):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    assert client.post(url, event_form(org_a, village, **extra)).status_code == 302
    return EventPage.objects.get(title=extra["title"])


def _bulk_publish(client, *pages):
    ids = "&".join(f"id={page.pk}" for page in pages)
    url = f"/admin/bulk/wagtailcore/page/publish/?{ids}&next=/admin/"
    assert client.get(url).status_code == 200
    return client.post(url, {})


def test_bulk_publishing_an_event_without_a_place_is_refused_in_chinese(client, superuser, org_a, village, event_index):
    client.force_login(superuser)
    complete = _draft(client, event_index, org_a, village, title="完整的讲座", slug="")
    no_place = _draft(client, event_index, org_a, village, title="还没有场地的讲座", slug="", address="")
    response = _bulk_publish(client, complete, no_place)
    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("还没有场地的讲座" in text and "请选择服务目录中的场地或填写地址。" in text for text in shown), shown
    assert not any("published" in text or "已发布" in text for text in shown), shown
    # all or nothing: the complete one is not published either
    assert not EventPage.objects.filter(live=True).exists()

    response = _bulk_publish(client, complete)
    assert response.status_code == 302
    assert EventPage.objects.get(pk=complete.pk).live
