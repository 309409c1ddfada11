"""Every v2 error in the one shape, with a Chinese message, and never HTML."""

from __future__ import annotations

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def error_of(response, status):
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert CHINESE.search(body["error"]["message"])
    assert "<html" not in response.content.decode().lower()
    return body["error"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"colour": "red"}, "colour"),
        ({"fields": "nonsense"}, "fields"),
        ({"fields": "title(foo"}, "fields"),
        ({"limit": "abc"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "1000"}, "limit"),
        ({"offset": "x"}, "offset"),
        ({"type": "nope.Nothing"}, "type"),
        ({"type": "reference.Audience"}, "type"),
        ({"order": "random"}, "order"),
        ({"order": "summary"}, "order"),
        ({"search": "失眠"}, "search"),
        ({"area": "12345"}, "area"),
        ({"starts_before": "tomorrow"}, "starts_before"),
        ({"audience": ""}, "audience"),
        ({"format": "json"}, "format"),
        ({"site": "other.example"}, "site"),
        ({"child_of": "1"}, "child_of"),
    ],
)
def test_bad_parameters_on_pages(client, site_root, query, parameter):
    error = error_of(client.get("/api/v2/pages/", query), 400)
    assert error["code"] == "bad_parameter"
    assert error["parameter"] == parameter


def test_search_points_to_the_search_api(client, site_root):
    error = error_of(client.get("/api/v2/pages/", {"search": "失眠"}), 400)
    assert "/api/v1/search" in error["message"]


@pytest.mark.parametrize("url", ["/api/v2/pages/999999/", "/api/v2/images/999999/", "/api/v2/documents/999999/"])
def test_not_found(client, site_root, url):
    assert error_of(client.get(url), 404) == {"code": "not_found", "message": error_of(client.get(url), 404)["message"]}


@pytest.mark.parametrize("url", ["/api/v2/nothing/", "/api/v2/pages/abc/", "/api/v2/pages/find/"])
def test_unknown_urls_under_the_api_are_json(client, site_root, url):
    assert error_of(client.get(url), 404)["code"] == "not_found"


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods(client, site_root, method):
    response = getattr(client, method)("/api/v2/pages/")
    assert error_of(response, 405)["code"] == "method_not_allowed"


def test_bad_fields_on_a_detail(client, articles_index):
    article = factories.make_article(articles_index)
    assert error_of(client.get(f"/api/v2/pages/{article.pk}/", {"fields": "secret"}), 400)["parameter"] == "fields"


def test_accept_header_does_not_turn_errors_into_html(client, site_root):
    response = client.get("/api/v2/pages/999999/", HTTP_ACCEPT="text/html")
    error_of(response, 404)
    response = client.get("/api/v2/pages/", {"limit": "x"}, HTTP_ACCEPT="text/html")
    error_of(response, 400)


def test_an_unexpected_error_is_json_too(client, site_root, monkeypatch):
    from anxin.api.v2 import views

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.PublicPagesAPIViewSet, "get_base_queryset", broken)
    client.raise_request_exception = False
    error = error_of(client.get("/api/v2/pages/"), 500)
    assert error["code"] == "server_error"


@pytest.mark.parametrize(
    "fields",
    ["title(", "_,_", "title(x)", "-_", "*,title", "title)", "title,,summary", "title summary"],
)
def test_a_malformed_fields_parameter_is_explained_in_chinese_only(client, fields):
    """Wagtail's parser speaks English ('unexpected end of input', 'does not support nested
    fields'); the message a partner sees must be Chinese, not Chinese glued to English."""
    error = error_of(client.get("/api/v2/pages/", {"fields": fields}), 400)
    assert error["parameter"] == "fields"
    message = error["message"]
    for english in ("unexpected", "fields error", "nested", "position", "must be", "doesn't", "negated"):
        assert english not in message, message


@pytest.mark.parametrize("after,before", [("2026-12-31", "2026-12-01"), ("2026-12-10", "2026-12-10")])
def test_an_empty_date_range_is_a_400_not_an_empty_list(client, after, before):
    """starts_before is exclusive: a range that cannot hold a day is a mistake to explain
    (a partner would otherwise show "no events" for a swapped pair of dates)."""
    query = {"type": "events.EventPage", "starts_after": after, "starts_before": before}
    error = error_of(client.get("/api/v2/pages/", query), 400)
    assert error["parameter"] == "starts_before"
