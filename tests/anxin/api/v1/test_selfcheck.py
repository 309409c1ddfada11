"""POST /api/v1/selfcheck/<slug>/score: score, band, crisis flag with the hotlines,
articles and services as the web result page shows them, and nothing kept."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.test import Client

from tests.content.selfcheck.test_selfcheck_recommendations import answers_scoring, recommended

pytestmark = pytest.mark.django_db

# PHQ-9 answers (option indices) giving 17 (中重度) with item 9 (self-harm) above zero.
CRISIS = [3, 2, 3, 1, 2, 2, 1, 2, 1]


def url(slug: str) -> str:
    return f"/api/v1/selfcheck/{slug}/score"


def post(client, slug, body):
    return client.post(url(slug), json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("answers", "score", "label", "low", "high", "level"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "无或极轻微", 0, 4, "low"),
        ([3, 3, 1, 0, 0, 0, 0, 0, 0], 7, "轻度", 5, 9, "mild"),
        ([3, 3, 3, 3, 0, 0, 0, 0, 0], 12, "中度", 10, 14, "moderate"),
        ([3, 3, 3, 3, 3, 2, 0, 0, 0], 17, "中重度", 15, 19, "high"),
        ([3, 3, 3, 3, 3, 3, 3, 1, 0], 22, "重度", 20, 27, "high"),
    ],
)
def test_each_phq9_band(client, selfcheck_site, answers, score, label, low, high, level):
    response = post(client, "phq-9", {"answers": answers})
    assert response.status_code == 200
    data = response.json()
    assert data["score"] == score and data["max_score"] == 27
    band = data["band"]
    assert (band["label"], band["min_score"], band["max_score"], band["level"]) == (label, low, high, level)
    assert band["description"] and "<" not in band["description"]
    assert band["description_html"].startswith("<p>")
    assert band["concern"] is (level in ("moderate", "high"))
    assert data["crisis"] is False and data["crisis_message"] == ""
    assert data["screening_note"] == "这是一份筛查问卷，不是诊断。"
    assert data["questionnaire"]["slug"] == "phq-9" and data["questionnaire"]["short_name"] == "PHQ-9"
    assert data["questionnaire"]["url"].startswith("http://testserver/")


def test_each_band_of_gad7_and_epds(client, selfcheck_site):
    for short_name in ("GAD-7", "EPDS"):
        page = selfcheck_site[short_name]
        for band in page.instrument().bands:
            form = answers_scoring(page, band.min_score)
            answers = [int(form[f"q{n}"]) for n in range(1, len(form) + 1)]
            data = post(client, page.slug, {"answers": answers}).json()
            assert data["score"] == band.min_score
            assert data["band"]["label"] == band.label, short_name


def test_crisis_flag_comes_with_the_hotlines(client, selfcheck_site):
    data = post(client, "phq-9", {"answers": CRISIS}).json()
    assert data["score"] == 17 and data["band"]["label"] == "中重度"
    assert data["crisis"] is True
    assert "120 或 110" in data["crisis_message"]
    hotlines = client.get("/api/v1/hotlines").json()["hotlines"]
    assert data["hotlines"] == hotlines
    assert [line["phones"][0]["number"] for line in hotlines if line["crisis"]] == ["962525", "12356"]


def test_epds_self_harm_item_raises_the_crisis_flag(client, selfcheck_site):
    questions = selfcheck_site["EPDS"].instrument().questions
    answers = [next(i for i, o in enumerate(q.options) if o.score == 0) for q in questions]
    risky = next(n for n, q in enumerate(questions) if q.is_risk_item)
    answers[risky] = next(i for i, o in enumerate(questions[risky].options) if o.score > 0)
    data = post(client, "epds", {"answers": answers}).json()
    assert data["crisis"] is True and data["hotlines"]


def test_the_response_is_never_stored(client, selfcheck_site):
    response = post(client, "phq-9", {"answers": CRISIS})
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control
    assert not response.cookies


def test_page_cache_never_keeps_the_post(client, selfcheck_site, settings):
    settings.ANXIN_PAGE_CACHE_SECONDS = 300
    for _ in range(2):
        response = post(client, "phq-9", {"answers": CRISIS})
        assert response.status_code == 200 and "X-Anxin-Cache" not in response


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_scoring_changes_no_row_of_any_model(client, selfcheck_site):
    client.get("/api/v1/hotlines")  # the site's settings rows exist once any page was shown
    before = _row_counts()
    for body in (
        {"answers": CRISIS},
        {"answers": CRISIS, "lat": 31.3, "lng": 121.3},
        {"answers": [9, 9]},  # refused
    ):
        post(client, "phq-9", body)
    assert _row_counts() == before


def test_no_log_record_holds_the_answers(client, selfcheck_site, captured_logs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    body = json.dumps({"answers": CRISIS, "lat": 31.2468, "lng": 121.2519})
    captured_logs.clear()
    with CaptureQueriesContext(connection):  # SQL logged with its parameters too
        response = client.post(url("phq-9"), body, content_type="application/json")
        refused = client.post(url("phq-9"), json.dumps({"answers": [*CRISIS[:-1], 7]}), content_type="application/json")
    assert response.status_code == 200 and response.json()["score"] == 17
    assert refused.status_code == 400
    assert captured_logs, "the handler sees the request's records (SQL debug lines at least)"
    secrets = [body, "3, 2, 3, 1", "3,2,3,1", "中重度", "17 / 27", "31.2468", "121.2519", '"answers"', "'answers'"]
    for record in captured_logs:
        text = " ".join(
            [record.getMessage(), repr(record.args), repr(getattr(record, "request", "")), str(record.exc_text or "")]
            + [repr(value) for key, value in vars(record).items() if key not in {"msg", "args"}]
        )
        for secret in secrets:
            assert secret not in text, f"{secret!r} in log record {record.name}: {text[:200]}"


def test_cross_origin_clients_need_no_csrf_token(selfcheck_site):
    strict = Client(enforce_csrf_checks=True)
    response = post(strict, "phq-9", {"answers": CRISIS})
    assert response.status_code == 200


def test_articles_and_services_are_the_result_pages(client, submit, selfcheck_site, recommendation_world):
    page = selfcheck_site["PHQ-9"]
    workers = recommendation_world["audiences"]["workers"]
    form = answers_scoring(page, 7)
    answers = [int(form[f"q{n}"]) for n in range(1, 10)]
    for extra, body in (
        ({}, {}),
        ({"area": "310114102000"}, {"area": "310114102000"}),
        ({"audience": str(workers.pk), "area": "310114000000"}, {"audience": "workers", "area": "310114000000"}),
    ):
        html = submit(page, data=form, extra=extra).content.decode()
        data = post(client, "phq-9", {"answers": answers, **body}).json()
        assert [a["title"] for a in data["articles"]] == recommended(html, "articles")
        assert [s["name"] for s in data["services"]["items"]] == recommended(html, "services")
        assert data["articles"] and data["services"]["items"]
        assert data["services"]["kinds"] == ["consultation_room", "community_station", "online"]
        assert data["services"]["location_used"] is False
    service = data["services"]["items"][0]
    assert service["url"].startswith("http://testserver/")
    assert service["phones"] == [{"number": "021-39590800", "label": "预约电话", "href": "tel:02139590800"}]
    assert data["articles"][0]["url"].startswith("http://testserver/")


def test_nearest_services_with_a_location(client, selfcheck_site, recommendation_world):
    from content.directory.models import ServicePoint

    ServicePoint.objects.filter(name="consultation_room 为所有人").update(latitude="31.30", longitude="121.30")
    data = post(client, "phq-9", {"answers": [3, 3, 1, 0, 0, 0, 0, 0, 0], "lat": 31.31, "lng": 121.30}).json()
    services = data["services"]
    assert services["location_used"] is True
    assert [s["name"] for s in services["items"]] == ["consultation_room 为所有人"]
    assert services["items"][0]["distance_km"] == pytest.approx(1.11, abs=0.01)
