"""Issue #17.6: the help a result offers follows the reader's answers.

The matrix questionnaire × audience × band, through the real form (GET, then POST with
the CSRF token): the recommended articles are for the chosen group and on the
questionnaire's subject (PHQ-9 → 抑郁/情绪, GAD-7 → 焦虑, EPDS → 产后), and the services
are of the band's kinds, meant for everyone or for the chosen group.
"""

from __future__ import annotations

import re

import pytest
from wagtail.models import Site

from content.articles.models import ArticlePage
from content.directory.models import ServicePoint
from content.reference.models import Audience
from content.selfcheck.help import GROUP_KINDS
from content.selfcheck.instruments import EPDS, GAD7, PHQ9
from content.selfcheck.models import SelfCheckIndexPage
from tests.factories import make_area, make_article, make_article_index, make_service_point

pytestmark = pytest.mark.django_db

SUBJECT_WORDS = {"PHQ-9": ("抑郁", "情绪"), "GAD-7": ("焦虑",), "EPDS": ("产后",)}
SPECS = {"PHQ-9": PHQ9, "GAD-7": GAD7, "EPDS": EPDS}

# (title, topics, audience slugs): every group has an article on each subject, one on
# another matter, and the articles for other groups share the subjects' topics.
ARTICLES = [
    ("职场压力大？给情绪减减压", ["压力", "职场"], ["workers"]),
    ("职场人的抑郁信号", ["抑郁"], ["workers"]),
    ("加班族的焦虑自救", ["焦虑"], ["workers"]),
    ("大学生心理健康口袋书", ["情绪", "压力", "求助"], ["students"]),
    ("考试焦虑工具包", ["考试焦虑"], ["students"]),
    ("产后情绪低落，不只是累了", ["产后抑郁", "情绪"], ["perinatal"]),
    ("孕期焦虑怎么办", ["焦虑", "孕期"], ["perinatal"]),
    ("老人也会抑郁", ["抑郁"], ["elders"]),
    ("独居老人如何应对孤独", ["孤独"], ["elders"]),
    ("认识焦虑", ["焦虑"], ["public"]),
    ("老师的情绪耗竭", ["情绪", "职业倦怠"], ["teachers"]),
    ("情绪低落时可以做的五件事", ["情绪"], ["public"]),
]


def answers_scoring(page, target: int) -> dict[str, str]:
    """Form data whose total is exactly ``target`` (greedy over each question's options)."""
    data, remaining = {}, target
    for number, question in enumerate(page.instrument().questions, start=1):
        best = max(
            (i for i, option in enumerate(question.options) if option.score <= remaining),
            key=lambda i: question.options[i].score,
        )
        data[f"q{number}"] = str(best)
        remaining -= question.options[best].score
    assert remaining == 0, f"{page.short_name} can score {target}"
    return data


@pytest.fixture(scope="module")
def _world(_selfcheck_pages, django_db_blocker):
    """Areas, articles and services, made once per module outside the per-test transactions
    (publishing is slow) and removed afterwards."""
    with django_db_blocker.unblock():
        index_pk, _lines = _selfcheck_pages
        areas = [make_area("31", "上海市"), make_area("310114", "嘉定区"), make_area("310114102", "南翔镇")]
        SelfCheckIndexPage.objects.filter(pk=index_pk).update(service_area_id="310114000000")
        audiences = {a.slug: a for a in Audience.objects.all()}
        article_index = make_article_index(parent=Site.objects.get(is_default_site=True).root_page)
        for title, topics, slugs in ARTICLES:
            make_article(
                article_index, title=title, summary=title, topics=topics, audiences=[audiences[s] for s in slugs]
            )
        kinds: set[str] = set()
        for spec in SPECS.values():
            for band in spec["bands"]:
                kinds.update(band["service_kinds"])
        points = []
        for kind in sorted(kinds):
            points.append(make_service_point(f"{kind} 为所有人", kind=kind))
            points.append(make_service_point(f"{kind} 仅学生", kind=kind))
            points[-1].audiences.set([audiences["students"]])
            points[-1].save()  # a ParentalManyToManyField is written when its owner is saved
        points.append(make_service_point("职工心灵驿站", kind="workplace_station"))
        points[-1].audiences.set([audiences["workers"]])
        points[-1].save()
        points.append(make_service_point("学校心理辅导室", kind="school_counselling"))
        points[-1].audiences.set([audiences["students"]])
        points[-1].save()
        assert ServicePoint.objects.filter(audiences__slug="students").count() == len(kinds) + 1
        yield
        for point in points:
            point.delete()
        article_index.refresh_from_db()
        article_index.delete()
        SelfCheckIndexPage.objects.filter(pk=index_pk).update(service_area_id=None)
        for area in reversed(areas):
            area.delete()


@pytest.fixture
def recommendation_world(selfcheck_site, _world):
    return {"audiences": {a.slug: a for a in Audience.objects.all()}}


SECTION = re.compile(r'<section class="selfcheck-{name}".*?</section>', re.S)
LINK_TITLE = re.compile(r"<h3><a href=\"[^\"]*\">([^<]+)</a></h3>")


def recommended(body: str, name: str) -> list[str]:
    match = re.search(SECTION.pattern.format(name=name), body, re.S)
    return LINK_TITLE.findall(match.group(0)) if match else []


def matrix():
    for short_name, spec in SPECS.items():
        for slug in [*spec["audiences"], None]:
            for band in spec["bands"]:
                yield pytest.param(
                    short_name, slug, band["min_score"], id=f"{short_name}-{slug or 'none'}-{band['min_score']}"
                )


@pytest.mark.parametrize(("short_name", "audience_slug", "score"), list(matrix()))
def test_recommendations_follow_questionnaire_audience_and_band(
    submit, selfcheck_site, recommendation_world, short_name, audience_slug, score
):
    page = selfcheck_site[short_name]
    audiences = recommendation_world["audiences"]
    extra = {"area": "310114000000"}
    if audience_slug:
        extra["audience"] = str(audiences[audience_slug].pk)
    body = submit(page, data=answers_scoring(page, score), extra=extra).content.decode()
    band = page.instrument().band_for(score)
    assert band is not None and band.min_score == score

    # Articles: only for the reader's group (the chosen one, else the questionnaire's groups).
    group_slugs = {audience_slug} if audience_slug else set(SPECS[short_name]["audiences"])
    titles = recommended(body, "articles")
    assert titles, "some article is recommended"
    for title in titles:
        article = ArticlePage.objects.get(title=title)
        assert {a.slug for a in article.audiences.all()} & group_slugs, f"{title} is for {group_slugs}"
    # The first ones are on the questionnaire's subject whenever the group has such articles.
    words = SUBJECT_WORDS[short_name]

    def on_subject(article):
        return any(w in t.name for t in article.topics.all() for w in words)

    candidates = [a for a in ArticlePage.objects.live() if {x.slug for x in a.audiences.all()} & group_slugs]
    on_subject_count = min(sum(on_subject(a) for a in candidates), len(titles))
    first = [ArticlePage.objects.get(title=t) for t in titles[:on_subject_count]]
    assert all(on_subject(a) for a in first), (titles, words)

    # Services: of the band's kinds (or the group's own kind naming the group), for everyone
    # or for the chosen group; never another group's.
    names = recommended(body, "services")
    assert names, "some service is recommended"
    if audience_slug is None:
        # Without a chosen group: the band's kinds, entries for everyone first.
        points = [ServicePoint.objects.get(name=name) for name in names]
        assert all(p.kind in band.service_kinds for p in points)
        for_everyone = [not p.audiences.exists() for p in points]
        assert for_everyone == sorted(for_everyone, reverse=True) and for_everyone[0]
        return
    for name in names:
        point = ServicePoint.objects.get(name=name)
        serves = {a.slug for a in point.audiences.all()}
        if point.kind in GROUP_KINDS:
            assert audience_slug in serves and "consultation_room" in band.service_kinds
        else:
            assert point.kind in band.service_kinds
            assert not serves or audience_slug in serves


def test_a_worker_taking_phq9_is_sent_to_the_workplace_article_not_the_students_booklet(
    submit, selfcheck_site, recommendation_world
):
    """The issue's report: 职场人群 + PHQ-9 recommended 大学生心理健康口袋书 and 产后情绪低落."""
    page = selfcheck_site["PHQ-9"]
    workers = recommendation_world["audiences"]["workers"]
    for score in (0, 5, 10, 15, 20):
        body = submit(
            page, data=answers_scoring(page, score), extra={"audience": str(workers.pk), "area": "310114000000"}
        ).content.decode()
        titles = recommended(body, "articles")
        assert titles[0] == "职场人的抑郁信号"
        assert "职场压力大？给情绪减减压" in titles
        assert "大学生心理健康口袋书" not in titles and "产后情绪低落，不只是累了" not in titles
        services = recommended(body, "services")
        if score < 15:
            assert "职工心灵驿站" in services
        assert "学校心理辅导室" not in services
        assert not [s for s in services if s.endswith("仅学生")]


def test_epds_for_a_mother_recommends_postnatal_articles_first(submit, selfcheck_site, recommendation_world):
    page = selfcheck_site["EPDS"]
    perinatal = recommendation_world["audiences"]["perinatal"]
    body = submit(
        page, data=answers_scoring(page, 13), extra={"audience": str(perinatal.pk), "area": "310114000000"}
    ).content.decode()
    titles = recommended(body, "articles")
    assert titles[0] == "产后情绪低落，不只是累了"
    assert set(titles) <= {"产后情绪低落，不只是累了", "孕期焦虑怎么办"}


def test_gad7_for_a_student_recommends_anxiety_articles_and_the_school_room(
    submit, selfcheck_site, recommendation_world
):
    page = selfcheck_site["GAD-7"]
    students = recommendation_world["audiences"]["students"]
    body = submit(
        page, data=answers_scoring(page, 6), extra={"audience": str(students.pk), "area": "310114000000"}
    ).content.decode()
    titles = recommended(body, "articles")
    assert titles[0] == "考试焦虑工具包"
    assert "学校心理辅导室" in recommended(body, "services")
    assert "consultation_room 仅学生" in recommended(body, "services")
