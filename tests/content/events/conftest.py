"""Fixtures for the events tests: two organizations in two townships, their organizers,
an events index with a campaign, and a factory for published events."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from content.events.models import SHANGHAI, AttendanceReport, Campaign, EventIndexPage, EventKind, EventPage
from content.events.scoping import set_user_organization
from tests import factories

_slugs = itertools.count(1)


def local(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def make_event(index, organizer, area, *, start=None, hours=2, audiences=(), publish=True, **kwargs):
    start = start or timezone.now() + datetime.timedelta(days=7)
    fields = {
        "title": kwargs.pop("title", "睡眠与情绪讲座"),
        "slug": f"event-{next(_slugs)}",
        "kind": EventKind.LECTURE,
        "organizer": organizer,
        "area": area,
        "address": "测试路 1 号社区活动室",
        "start": start,
        "end": start + datetime.timedelta(hours=hours),
    }
    fields.update(kwargs)
    page = EventPage(live=publish, **fields)
    index.add_child(instance=page)
    if audiences:
        page.audiences.set(list(audiences))
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def make_report(event, **counts):
    report = AttendanceReport(event=event, **counts)
    report.save()
    return report


@pytest.fixture(autouse=True)
def _fresh_area_choices():
    from django.core.cache import cache

    from content.events.queries import AREA_CHOICES_CACHE_KEY

    cache.delete(AREA_CHOICES_CACHE_KEY)


@pytest.fixture
def home_page(db):
    """The site root (a HomePage beside Wagtail's own welcome page, whose slug is "home")."""
    from wagtail.models import Page, Site

    from content.home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="安心测试首页", slug="anxin-test-home")
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "安心"}
    )
    return home


@pytest.fixture
def district(db):
    return factories.make_area("310114", "嘉定区")


@pytest.fixture
def nanxiang(district):
    return factories.make_area("310114102", "南翔镇")


@pytest.fixture
def jiading_town(district):
    return factories.make_area("310114004", "嘉定镇街道")


@pytest.fixture
def village(nanxiang):
    return factories.make_area("310114102001", "南翔村")


@pytest.fixture
def org_a(nanxiang):
    return factories.make_organization("南翔镇社区卫生服务中心", area=nanxiang)


@pytest.fixture
def org_b(jiading_town):
    return factories.make_organization("嘉定镇街道社区卫生服务中心", area=jiading_town)


@pytest.fixture
def event_index(home_page):
    index = EventIndexPage(title="活动", slug="huodong")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        name="世界精神卫生日",
        slug="wmhd-2025",
        year=2025,
        theme="人人享有心理健康服务",
        start_date=datetime.date(2025, 9, 20),
        end_date=datetime.date(2025, 10, 31),
        target_events=4,
        target_reach=1000,
    )


@pytest.fixture
def organizer_a(org_a):
    user = factories.make_user("organizer_a", role="活动组织者")
    set_user_organization(user, org_a)
    return user


@pytest.fixture
def organizer_b(org_b):
    user = factories.make_user("organizer_b", role="活动组织者")
    set_user_organization(user, org_b)
    return user


@pytest.fixture
def editor(db):
    return factories.make_user("editor", role="编辑")


@pytest.fixture
def superuser(db):
    return factories.make_user("root", is_superuser=True, is_staff=True)


@pytest.fixture
def past_event_a(event_index, org_a, village):
    return make_event(event_index, org_a, village, start=timezone.now() - datetime.timedelta(days=3), capacity=50)


@pytest.fixture
def past_event_b(event_index, org_b, jiading_town):
    return make_event(
        event_index, org_b, jiading_town, title="亲子沟通工作坊", start=timezone.now() - datetime.timedelta(days=5)
    )


def report_form_data(event, breakdown=(), **counts):
    """POST data of the attendance report form in the admin (counts default to 0)."""
    data = {
        "event": str(event.pk),
        "attendees": "0",
        "online_views": "0",
        "materials": "0",
        "volunteers": "0",
        "breakdown-TOTAL_FORMS": str(len(breakdown)),
        "breakdown-INITIAL_FORMS": "0",
        "breakdown-MIN_NUM_FORMS": "0",
        "breakdown-MAX_NUM_FORMS": "1000",
    }
    for number, (audience, count) in enumerate(breakdown):
        data[f"breakdown-{number}-audience"] = str(audience.pk)
        data[f"breakdown-{number}-count"] = str(count)
        data[f"breakdown-{number}-ORDER"] = str(number + 1)
    data.update({key: str(value) for key, value in counts.items()})
    return data
