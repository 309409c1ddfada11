"""The help a result leads to: services of the band's kinds near the reader, articles on its topics."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from content.articles.models import ArticleIndexPage, ArticlePage
from content.directory.models import ServicePoint, ServiceStatus
from content.reference.models import AdminArea, Audience
from content.selfcheck import help as helpers

pytestmark = pytest.mark.django_db

# 南翔镇 and 安亭镇 in 嘉定区; coordinates roughly where they are (WGS-84).
NANXIANG = (31.298, 121.318)
ANTING = (31.295, 121.160)


@pytest.fixture
def areas(db):
    for code, name in [
        ("310114000000", "嘉定区"),
        ("310114102000", "南翔镇"),
        ("310114103000", "安亭镇"),
        ("310115000000", "浦东新区"),
    ]:
        AdminArea.objects.get_or_create(code=code, defaults={"name": name})


@pytest.fixture
def make_point(areas):
    def make(name, kind, area, location, status=ServiceStatus.ACTIVE, live=True):
        point = ServicePoint(
            name=name, kind=kind, area_id=area, latitude=location[0], longitude=location[1], status=status, live=live
        )
        point.save()
        return point

    return make


@pytest.fixture
def points(make_point):
    return {
        "nx_room": make_point("南翔心理咨询室", "consultation_room", "310114102000", NANXIANG),
        "nx_clinic": make_point("南翔医院心理门诊", "hospital_clinic", "310114102000", (31.300, 121.320)),
        "at_clinic": make_point("安亭医院心理门诊", "hospital_clinic", "310114103000", ANTING),
        "closed": make_point(
            "暂停的门诊", "hospital_clinic", "310114102000", NANXIANG, status=ServiceStatus.TEMPORARILY_CLOSED
        ),
        "draft": make_point("草稿门诊", "hospital_clinic", "310114102000", NANXIANG, live=False),
        "pudong": make_point("浦东门诊", "hospital_clinic", "310115000000", (31.22, 121.54)),
    }


def names(hits):
    return [hit.name for hit in hits]


def test_services_in_an_area_are_of_the_bands_kinds_and_open(points):
    assert names(helpers.nearby_services(["hospital_clinic"], area_code="310114102000")) == ["南翔医院心理门诊"]
    district = helpers.nearby_services(["hospital_clinic"], area_code="310114000000")
    assert sorted(names(district)) == ["南翔医院心理门诊", "安亭医院心理门诊"]


def test_services_near_a_location_come_nearest_first_with_distance(points):
    hits = helpers.nearby_services(["hospital_clinic"], location=ANTING)
    assert names(hits)[:2] == ["安亭医院心理门诊", "南翔医院心理门诊"]
    assert hits[0].distance_km == pytest.approx(0, abs=0.05)
    assert 14 < hits[1].distance_km < 17  # 安亭 → 南翔, about 15 km
    assert "暂停的门诊" not in names(hits) and "草稿门诊" not in names(hits)


def test_no_kinds_or_no_place_means_no_services(points):
    assert helpers.nearby_services([], area_code="310114000000") == []
    assert helpers.nearby_services(["hospital_clinic"]) == []


def test_result_page_shows_services_for_the_chosen_area(submit, selfcheck_site, points):
    index = selfcheck_site["index"]
    index.service_area_id = "310114000000"
    index.save()
    # PHQ-9 total 10 (中度): hospital clinics, consultation rooms, community stations.
    body = submit(selfcheck_site["PHQ-9"], [2, 2, 2, 2, 2, 0, 0, 0, 0], extra={"area": "310114103000"}).content.decode()
    assert "身边的服务" in body
    assert "安亭医院心理门诊" in body
    assert "南翔医院心理门诊" not in body and "南翔心理咨询室" not in body
    # The refine form re-posts the answers (hidden) with the chosen area selected.
    assert '<option value="310114103000" selected>安亭镇</option>' in body
    assert '<input type="hidden" name="q1" value="2">' in body


def test_result_page_uses_a_shared_location(submit, selfcheck_site, points):
    body = submit(
        selfcheck_site["GAD-7"], [2, 2, 2, 2, 2, 0, 0], extra={"lat": str(NANXIANG[0]), "lng": str(NANXIANG[1])}
    ).content.decode()
    assert ">离您最近的服务</h2>" in body
    assert body.index("南翔医院心理门诊") < body.index("安亭医院心理门诊")
    assert "约 0.3 公里" in body


@pytest.mark.parametrize(("lat", "lng"), [("x", "121"), ("91", "121"), ("31", "")])
def test_a_bad_location_is_ignored(submit, selfcheck_site, points, lat, lng):
    response = submit(selfcheck_site["GAD-7"], [2, 2, 2, 2, 2, 0, 0], extra={"lat": lat, "lng": lng})
    assert response.status_code == 200
    assert ">离您最近的服务</h2>" not in response.content.decode()


@pytest.fixture
def articles(db):
    root = Site.objects.get(is_default_site=True).root_page
    index = ArticleIndexPage(title="科普", slug="kepu-selfcheck-test")
    root.add_child(instance=index)
    audiences = {
        slug: Audience.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("perinatal", "孕产妇"), ("workers", "职场人群")]
    }
    made = {}
    for title, topics, audience in [
        ("产后抑郁怎么办", ["产后抑郁"], "perinatal"),
        ("职场抑郁", ["抑郁"], "workers"),
        ("孕期焦虑", ["焦虑"], "perinatal"),
        ("抑郁的早期信号", ["抑郁"], "perinatal"),
    ]:
        page = ArticlePage(title=title, slug=f"a{len(made)}", summary=title, body=[])
        index.add_child(instance=page)
        page.topics.set(topics)
        page.audiences.set([audiences[audience]])
        page.save_revision().publish()
        made[title] = page
    return {"audiences": audiences, **made}


def test_related_articles_are_for_the_readers_group_on_topic_first(articles):
    perinatal = articles["audiences"]["perinatal"].pk
    titles = [a.title for a in helpers.related_articles(["抑郁", "产后抑郁"], [perinatal], limit=3)]
    assert sorted(titles[:2]) == ["产后抑郁怎么办", "抑郁的早期信号"]
    # Then the group's other articles; another group's articles are never offered.
    assert titles[2] == "孕期焦虑"
    assert "职场抑郁" not in helpers.related_articles(["抑郁"], [perinatal], limit=10)
    # The questionnaire's subject ranks before the band's topics.
    subject_first = helpers.related_articles(["抑郁"], [perinatal], subject_words=["焦虑"], limit=3)
    assert subject_first[0].title == "孕期焦虑"
    assert helpers.related_articles(["抑郁"], []) == []
