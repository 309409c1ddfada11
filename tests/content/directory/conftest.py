"""Factories for the directory tests: a small real area tree, audiences, services offered."""

from __future__ import annotations

from datetime import date, time

import pytest

from content.directory.models import OpeningHours, ServiceOffered, ServicePoint, ServicePointPhone
from content.reference.models import AdminArea, Audience, Organization

AREAS = [
    ("310000000000", "上海市"),
    ("310114000000", "嘉定区"),
    ("310114102000", "南翔镇"),
    ("310114102201", "南翔村甲"),
    ("310114102202", "南翔村乙"),
    ("310114103000", "安亭镇"),
    ("310114103201", "安亭村甲"),
    ("310114103202", "安亭村乙"),
    ("310115000000", "浦东新区"),
]


@pytest.fixture
def areas(db):
    for code, name in AREAS:
        AdminArea.objects.get_or_create(code=code, defaults={"name": name})
    return {a.code: a for a in AdminArea.objects.all()}


@pytest.fixture
def audiences(db):
    return {
        slug: Audience.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("elders", "老年人"), ("parents", "家长"), ("public", "公众")]
    }


@pytest.fixture
def offered(db):
    return {
        slug: ServiceOffered.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("counselling", "心理咨询"), ("crisis-intervention", "危机干预")]
    }


@pytest.fixture
def organization(db):
    return Organization.objects.get_or_create(name="测试社区卫生服务中心")[0]


@pytest.fixture
def make_service(areas, audiences, offered, organization):
    """make_service(name=…, phones=[(label, number)], hours=[(weekday, "09:00", "17:00")], …)."""

    def make(
        name="测试心理咨询室",
        *,
        phones=(("预约电话", "021-39590800"),),
        hours=((0, "09:00", "17:00"),),
        audience_slugs=("elders",),
        offered_slugs=("counselling",),
        live=True,
        **kwargs,
    ):
        kwargs.setdefault("kind", "consultation_room")
        kwargs.setdefault("area_id", "310114102201")
        kwargs.setdefault("address", "上海市嘉定区南翔镇测试路1号")
        kwargs.setdefault("latitude", "31.298000")
        kwargs.setdefault("longitude", "121.318000")
        kwargs.setdefault("last_verified", date(2025, 9, 1))
        kwargs.setdefault("organization", organization)
        sp = ServicePoint(name=name, live=live, **kwargs)
        sp.phones = [ServicePointPhone(label=label, number=number) for label, number in phones]
        sp.hours = [
            OpeningHours(weekday=d, opens=time.fromisoformat(o), closes=time.fromisoformat(c)) for d, o, c in hours
        ]
        sp.audiences.set([audiences[s] for s in audience_slugs])
        sp.services_offered.set([offered[s] for s in offered_slugs])
        sp.save()
        return sp

    return make
