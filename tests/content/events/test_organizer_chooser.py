"""Issue 13, point 2: an organizer is offered only their own organization, preselected.

Before: the 主办机构 chooser listed every organization (their own on page 2) and saving
another one failed with the generic "选择一个有效的选项"; a new event started empty.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from content.events.models import EventPage
from tests import factories
from tests.content.events.test_scoping import event_form

CHOOSE = "wagtailsnippetchoosers_reference_organization"
CHOSEN = re.compile(r"/admin/snippets/choose/reference/organization/chosen/(\d+)/")
HIDDEN = re.compile(r'<input type="hidden" name="organizer" value="([^"]*)"')


@pytest.fixture
def many_organizations(org_a, org_b):
    # more than a page of organizations, the organizer's own sorting last
    return [factories.make_organization(f"{name}社区卫生服务中心") for name in "安宝北城东丰工华江菊马"]


def chooser_ids(client, **params):
    response = client.get(reverse(f"{CHOOSE}:choose_results"), params)
    assert response.status_code == 200
    return {int(pk) for pk in CHOSEN.findall(response.content.decode())}


def test_organizer_chooser_lists_only_own_organization(client, many_organizations, organizer_a, org_a, org_b):
    client.force_login(organizer_a)
    assert chooser_ids(client) == {org_a.pk}
    assert chooser_ids(client, q="嘉定镇街道") == set()
    assert client.get(reverse(f"{CHOOSE}:chosen", args=[org_b.pk])).status_code == 404
    assert client.get(reverse(f"{CHOOSE}:chosen", args=[org_a.pk])).status_code == 200


def test_editor_chooses_among_every_organization(client, many_organizations, editor, org_a, org_b):
    client.force_login(editor)
    ids = set()
    for page in (1, 2):
        ids |= chooser_ids(client, p=page)
    assert {org_a.pk, org_b.pk} <= ids


def test_new_event_starts_with_the_organizers_organization(client, organizer_a, org_a, event_index):
    client.force_login(organizer_a)
    response = client.get(reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk]))
    assert response.status_code == 200
    assert HIDDEN.search(response.content.decode()).group(1) == str(org_a.pk)
    assert "南翔镇社区卫生服务中心" in response.content.decode()


def test_another_organization_is_refused_with_a_clear_message(client, organizer_a, org_b, village, event_index):
    client.force_login(organizer_a)
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    response = client.post(url, event_form(org_b, village))
    assert response.status_code == 200
    assert "只能以本机构" in response.content.decode()
    assert not EventPage.objects.filter(slug="new-lecture").exists()
