"""POST /api/v1/selfcheck/<slug>/score refuses bad input in the one error shape with a
Chinese message and the right status, never a 500; and it is rate limited per client."""

from __future__ import annotations

import json
import re

import pytest

from anxin.api.v1.selfcheck import MAX_BODY_BYTES

pytestmark = pytest.mark.django_db

URL = "/api/v1/selfcheck/phq-9/score"
GOOD = [0, 1, 2, 3, 0, 1, 2, 3, 0]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def post(client, body, content_type="application/json", **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data, content_type=content_type, **extra)


def assert_error(response, status, code, parameter=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert CHINESE.search(error["message"]), error["message"]
    if parameter is not None:
        assert error.get("parameter") == parameter
    assert "no-store" in response["Cache-Control"]
    return error


@pytest.mark.parametrize(
    ("body", "parameter", "message"),
    [
        ({}, "answers", "请提供 answers"),
        ({"answers": []}, "answers", "请提供 answers"),
        ({"answers": {"q1": 0}}, "answers", "请提供 answers"),
        ({"answers": "0,1,2"}, "answers", "请提供 answers"),
        ({"answers": GOOD[:8]}, "answers", "请回答第 9 题"),
        ({"answers": GOOD[:3]}, "answers", "请回答第 4 题"),
        ({"answers": [*GOOD, 0]}, "answers", "这份问卷有 9 道题"),
        ({"answers": [4, *GOOD[1:]]}, "answers", "第 1 题的答案无效"),
        ({"answers": [*GOOD[:8], -1]}, "answers", "第 9 题的答案无效"),
        ({"answers": [*GOOD[:8], 10**30]}, "answers", "第 9 题的答案无效"),
        ({"answers": ["1", *GOOD[1:]]}, "answers", "第 1 题的答案必须是整数"),
        ({"answers": [1.0, *GOOD[1:]]}, "answers", "第 1 题的答案必须是整数"),
        ({"answers": [True, *GOOD[1:]]}, "answers", "第 1 题的答案必须是整数"),
        ({"answers": [None, *GOOD[1:]]}, "answers", "第 1 题的答案必须是整数"),
        ({"answers": [[0], *GOOD[1:]]}, "answers", "第 1 题的答案必须是整数"),
        ({"answers": GOOD, "score": 0}, "score", "不支持的字段"),
        ({"answers": GOOD, "area": "999999999999"}, "area", "地区"),
        ({"answers": GOOD, "area": 310114}, "area", "地区"),
        ({"answers": GOOD, "lat": 31.3}, "lng", "lat 和 lng"),
        ({"answers": GOOD, "lng": 121.3}, "lat", "lat 和 lng"),
        ({"answers": GOOD, "lat": 91, "lng": 121.3}, "lat", "lat 和 lng"),
        ({"answers": GOOD, "lat": "31.3", "lng": 121.3}, "lat", "lat 和 lng"),
        ({"answers": GOOD, "lat": True, "lng": 121.3}, "lat", "lat 和 lng"),
        ({"answers": GOOD, "audience": "no-such-group"}, "audience", "人群"),
        ({"answers": GOOD, "audience": 3}, "audience", "人群"),
    ],
)
def test_bad_fields_are_400(client, selfcheck_site, body, parameter, message):
    error = assert_error(post(client, body), 400, "bad_parameter", parameter)
    assert message in error["message"]


def test_several_missing_answers_read_as_one_chinese_sentence(client, selfcheck_site):
    """Not 请回答第 3 题。；请回答第 4 题。；… (the form's per-question messages glued together)."""
    message = assert_error(post(client, {"answers": GOOD[:2]}), 400, "bad_parameter", "answers")["message"]
    assert "。；" not in message and message.endswith("。")
    assert "请回答第 3 题" in message and "第 9 题" in message


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        '{"answers": [0, 1',
        "[0, 1, 2]",
        '"answers"',
        "null",
        '{"answers": [0,0,0,0,0,0,0,0,0], "lat": NaN, "lng": 1}',
        b'{"answers": "\xff\xfe"}',
        "[" * 2000 + "]" * 2000,
    ],
)
def test_bodies_that_are_not_a_json_object_are_400(client, selfcheck_site, raw):
    assert_error(post(client, raw), 400, "bad_parameter")


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", ""]
)
def test_other_media_types_are_415(client, selfcheck_site, content_type):
    assert_error(post(client, json.dumps({"answers": GOOD}), content_type=content_type), 415, "unsupported_media_type")


def test_json_with_a_charset_is_accepted(client, selfcheck_site):
    response = post(client, {"answers": GOOD}, content_type="application/json; charset=utf-8")
    assert response.status_code == 200


def test_too_large_body_is_413(client, selfcheck_site):
    body = json.dumps({"answers": GOOD, "audience": "x" * MAX_BODY_BYTES})
    assert_error(post(client, body), 413, "too_large")


def test_unknown_slug_is_404(client, selfcheck_site):
    for slug in ("no-such-test", "%E6%B5%8B", ""):
        response = client.post(f"/api/v1/selfcheck/{slug}/score", "{}", content_type="application/json")
        assert_error(response, 404, "not_found", "slug")


def test_draft_questionnaire_is_404(client, selfcheck_site):
    page = selfcheck_site["GAD-7"]
    page.unpublish()
    try:
        response = client.post("/api/v1/selfcheck/gad-7/score", "{}", content_type="application/json")
        assert_error(response, 404, "not_found")
    finally:
        page.save_revision().publish()


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_other_methods_are_405(client, selfcheck_site, method):
    response = getattr(client, method)(URL)
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "POST"


def test_rate_limit_per_client_address(client, selfcheck_site, settings):
    settings.ANXIN_SELFCHECK_RATE_LIMIT = 2
    here = {"REMOTE_ADDR": "203.0.113.5"}
    assert post(client, {"answers": GOOD}, **here).status_code == 200
    assert post(client, {"answers": [9]}, **here).status_code == 400  # refused requests count too
    limited = post(client, {"answers": GOOD}, **here)
    error = assert_error(limited, 429, "too_many_requests")
    retry_after = int(limited["Retry-After"])
    assert 1 <= retry_after <= 60
    assert f"{retry_after} 秒后再试" in error["message"]
    # a forged X-Forwarded-For from an untrusted address does not reset the count
    forged = post(client, {"answers": GOOD}, HTTP_X_FORWARDED_FOR="198.51.100.7", **here)
    assert forged.status_code == 429
    # another reader is not limited
    assert post(client, {"answers": GOOD}, REMOTE_ADDR="203.0.113.6").status_code == 200


def test_rate_limit_sees_the_address_behind_the_trusted_proxy(client, selfcheck_site, settings):
    settings.ANXIN_SELFCHECK_RATE_LIMIT = 2
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(2):
        assert post(client, {"answers": GOOD}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 200
    assert post(client, {"answers": GOOD}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 429
    assert post(client, {"answers": GOOD}, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 200


def test_rate_limit_keeps_no_address_in_the_cache(client, selfcheck_site, settings, monkeypatch):
    from django.core.cache import caches

    keys = []
    backend = type(caches["default"])
    original = backend.add

    def spy(self, key, *args, **kwargs):
        keys.append(key)
        return original(self, key, *args, **kwargs)

    monkeypatch.setattr(backend, "add", spy)
    post(client, {"answers": GOOD}, REMOTE_ADDR="203.0.113.5")
    assert keys and all("203.0.113" not in key for key in keys)


def test_rate_limit_off_at_zero(client, selfcheck_site, settings):
    settings.ANXIN_SELFCHECK_RATE_LIMIT = 0
    for _ in range(5):
        assert post(client, {"answers": GOOD}).status_code == 200
