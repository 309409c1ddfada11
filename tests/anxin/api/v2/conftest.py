"""Fixtures for the v2 API tests: a site with an article index, audiences, an event
index with a campaign, events in a township and a village, and helpers."""

from __future__ import annotations

import datetime

import pytest

from tests import factories
from tests.content.events.conftest import make_event  # noqa: F401  (the v2 tests import it from here)


@pytest.fixture
def site_root(db):
    return factories.make_home_page()


@pytest.fixture
def articles_index(site_root):
    return factories.make_article_index(site_root, title="科普", slug="kepu")


@pytest.fixture
def areas(db):
    return {
        "shanghai": factories.make_area("31", "上海市"),
        "jiading": factories.make_area("310114", "嘉定区"),
        "nanxiang": factories.make_area("310114102", "南翔镇"),
        "village": factories.make_area("310114102201", "南翔村"),
        "pudong": factories.make_area("310115", "浦东新区"),
    }


@pytest.fixture
def organizer(db):
    return factories.make_organization("南翔镇社区卫生服务中心")


@pytest.fixture
def campaign(db):
    from content.events.models import Campaign

    return Campaign.objects.create(
        name="世界精神卫生日",
        slug="wmhd-2026",
        year=2026,
        start_date=datetime.date(2026, 10, 1),
        end_date=datetime.date(2026, 10, 31),
    )


@pytest.fixture
def events_index(site_root):
    from content.events.models import EventIndexPage

    index = EventIndexPage(title="活动", slug="huodong")
    site_root.add_child(instance=index)
    index.save_revision().publish()
    return index


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def titles(data) -> list[str]:
    return [item["title"] for item in data["items"]]
