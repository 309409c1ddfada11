"""The one convention of every JSON API under /api/ (anxin/api, docs/api.md): one error
shape, ETag and 304 (fresh renders and page-cache hits alike), Cache-Control on public
reads only, CORS for reads, and the one OpenAPI 3.1 document."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client, RequestFactory

from anxin.api.middleware import DEFAULT_CACHE_CONTROL, ApiConventionMiddleware

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache switched on, starting empty."""
    settings.ANXIN_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def service(db):
    from content.directory.models import ServicePoint
    from content.reference.models import AdminArea, Organization

    area = AdminArea.objects.create(code="310114102201", name="南翔村")
    org = Organization.objects.create(name="南翔镇社区卫生服务中心")
    return ServicePoint.objects.create(name="南翔村心理咨询室", kind="consultation_room", area=area, organization=org)


def assert_error_shape(response, status: int, code: str, parameter: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) <= {"code", "message", "parameter"}
    assert error["code"] == code
    assert CHINESE.search(error["message"]), error["message"]
    if parameter is not None:
        assert error["parameter"] == parameter
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" not in response.get("Cache-Control", "")
    assert "ETag" not in response
    return error


# -- one error shape ----------------------------------------------------------------


@pytest.mark.parametrize(
    "method,url,status,code,parameter",
    [
        ("get", "/api/v1/search?page=abc", 400, "bad_parameter", "page"),
        ("get", "/api/v1/suggest?limit=0", 400, "bad_parameter", "limit"),
        ("get", "/api/hsds/services?page=0", 400, "bad_parameter", "page"),
        ("get", "/api/hsds/services/not-a-uuid", 404, "not_found", None),
        ("get", "/api/nothing/here", 404, "not_found", None),
        ("get", "/api/", 404, "not_found", None),
        ("get", "/api/v1/nothing", 404, "not_found", None),
        ("get", "/api/hsds/nothing/here", 404, "not_found", None),
        ("post", "/api/nothing", 404, "not_found", None),
        ("post", "/api/v1/search", 405, "method_not_allowed", None),
        ("post", "/api/v1/suggest", 405, "method_not_allowed", None),
        ("delete", "/api/hsds/organizations", 405, "method_not_allowed", None),
        ("post", "/api/openapi.json", 405, "method_not_allowed", None),
    ],
)
def test_every_api_answers_errors_in_one_shape(client, method, url, status, code, parameter):
    response = getattr(client, method)(url)
    assert_error_shape(response, status, code, parameter)
    if status == 405:
        assert "GET" in response["Allow"]


def test_an_unknown_api_path_is_json_not_the_html_page(client):
    response = client.get("/api/v3/articles/")
    assert_error_shape(response, 404, "not_found")
    assert "/api/v3/articles/" in response.json()["error"]["message"]
    assert b"<html" not in response.content.lower()


def test_search_keeps_its_503_code(client, settings):
    settings.SEARCH_EMBEDDED_PATH.unlink()  # no index: 搜索暂时不可用
    from search import index

    index._engines.clear()
    assert_error_shape(client.get("/api/v1/search", {"q": "失眠"}), 503, "search_unavailable")


def test_an_error_django_renders_as_html_is_answered_in_the_shape(client, monkeypatch):
    """Django's 403 page and the 500 page are HTML: under /api/ they become JSON. (The CSRF
    403 no longer happens under /api/: a POST there is the view's 405, see below.)"""
    from django.core.exceptions import PermissionDenied

    def denied(*args, **kwargs):
        raise PermissionDenied

    monkeypatch.setattr("content.directory.api.public_service_points", denied)
    assert_error_shape(Client().get("/api/hsds/services"), 403, "forbidden")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("content.directory.api.public_service_points", broken)
    response = Client(raise_request_exception=False).get("/api/hsds/services")
    assert_error_shape(response, 500, "server_error")


def test_a_busy_database_is_the_shape_with_retry_after(client, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("content.directory.api.public_service_points", locked)
    response = client.get("/api/hsds/services")
    assert_error_shape(response, 503, "busy")
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    assert "Retry-After" in response["Access-Control-Expose-Headers"]


# -- ETag, 304, Cache-Control ---------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/hsds/services", "/api/v1/search?q=失眠", "/api/openapi.json"])
def test_reads_get_an_etag_and_a_matching_if_none_match_is_304(client, service, url):
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)  # strong, from the body
    assert response["Cache-Control"] == DEFAULT_CACHE_CONTROL
    assert client.get(url)["ETag"] == etag  # same body, same tag

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"] == DEFAULT_CACHE_CONTROL
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    head = client.head(url, HTTP_IF_NONE_MATCH=etag)
    assert head.status_code == 304


def test_a_change_changes_the_etag(client, service):
    etag = client.get("/api/hsds/services")["ETag"]
    service.name = "南翔村心理咨询室（新）"
    service.save()
    response = client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_page_cache_hits_get_the_same_etag_and_304(client, service, page_cache, django_capture_on_commit_callbacks):
    first = client.get("/api/hsds/services")
    assert first["X-Anxin-Cache"] == "miss"
    etag = first["ETag"]
    hit = client.get("/api/hsds/services")
    assert hit["X-Anxin-Cache"] == "hit"
    assert hit["ETag"] == etag and hit["Cache-Control"] == DEFAULT_CACHE_CONTROL
    assert hit["Access-Control-Allow-Origin"] == "*"
    not_modified = client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["X-Anxin-Cache"] == "hit" and not_modified["ETag"] == etag
    # a change bumps the directory's generation: no stale 304 from the cache
    with django_capture_on_commit_callbacks(execute=True):  # the generation is bumped on commit
        service.name = "南翔村心理咨询室（新）"
        service.save()
    changed = client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["X-Anxin-Cache"] == "miss" and changed["ETag"] != etag
    # the page cache stored the API response: its Vary is still one the cache accepts
    assert {v.strip() for v in changed["Vary"].split(",")} <= {"Cookie", "Accept-Encoding"}


def test_gzipped_hits_and_misses_share_one_tag_by_weak_comparison(client, page_cache):
    miss = client.get("/api/openapi.json", HTTP_ACCEPT_ENCODING="gzip")
    assert miss["X-Anxin-Cache"] == "miss" and miss["Content-Encoding"] == "gzip"
    assert miss["ETag"].startswith('W/"')  # GZipMiddleware weakens the tag it was given
    identity = client.get("/api/openapi.json")
    assert identity["X-Anxin-Cache"] == "hit" and "Content-Encoding" not in identity
    hit = client.get("/api/openapi.json", HTTP_ACCEPT_ENCODING="gzip")
    assert hit["X-Anxin-Cache"] == "hit" and hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content) == identity.content
    assert hit["ETag"] == miss["ETag"] == "W/" + identity["ETag"]
    for tag in (identity["ETag"], miss["ETag"]):
        response = client.get("/api/openapi.json", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == 304


def test_if_modified_since_alone_never_answers_304(client, service):
    """No Last-Modified (reads change with time alone, without a generation bump): a date
    is no validator here, so If-Modified-Since is ignored; If-None-Match decides."""
    response = client.get("/api/hsds/services", HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT")
    assert response.status_code == 200 and "Last-Modified" not in response
    etag = response["ETag"]
    both = client.get(
        "/api/hsds/services", HTTP_IF_NONE_MATCH=etag, HTTP_IF_MODIFIED_SINCE="Thu, 01 Jan 1970 00:00:00 GMT"
    )
    assert both.status_code == 304


def test_crisis_answers_keep_no_store(client):
    response = client.get("/api/v1/search", {"q": "不想活了"})
    assert response.status_code == 200 and response.json()["crisis"] is True
    assert response["Cache-Control"] == "no-store"
    assert "ETag" in response


def test_signed_in_or_authorised_reads_are_not_marked_public(client, service):
    client.cookies["sessionid"] = "x"
    response = client.get("/api/hsds/services")
    assert response.status_code == 200 and "public" not in response.get("Cache-Control", "")
    other = Client().get("/api/hsds/services", HTTP_AUTHORIZATION="Bearer t")
    assert "public" not in other.get("Cache-Control", "")


@pytest.mark.parametrize("cache_control", ["no-store", "private, max-age=0", "no-cache"])
def test_the_view_saying_no_store_or_private_wins(cache_control):
    from django.http import JsonResponse

    def view(request):
        response = JsonResponse({"a": 1})
        response["Cache-Control"] = cache_control
        return response

    response = ApiConventionMiddleware(view)(RequestFactory().get("/api/v1/x"))
    assert response["Cache-Control"] == cache_control and "ETag" in response


def test_no_caching_headers_on_post_or_outside_the_api():
    from django.http import JsonResponse

    middleware = ApiConventionMiddleware(lambda request: JsonResponse({"score": 3}))
    posted = middleware(RequestFactory().post("/api/v1/selfcheck/phq-9/score"))
    assert "Cache-Control" not in posted and "ETag" not in posted
    assert posted["Access-Control-Allow-Origin"] == "*"
    page = middleware(RequestFactory().get("/fuwu/"))
    assert "ETag" not in page and "Access-Control-Allow-Origin" not in page


# -- CORS -----------------------------------------------------------------------------


def test_reads_allow_any_origin_without_varying(client, service):
    response = client.get("/api/hsds/services", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    exposed = {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert exposed == {"ETag", "Last-Modified", "Retry-After"}
    assert "Origin" not in response.get("Vary", "")


@pytest.mark.parametrize(
    "url,methods",
    [
        ("/api/v1/search", "GET, HEAD, OPTIONS"),
        ("/api/hsds/services/1d1e7a3c-0000-4000-8000-000000000000", "GET, HEAD, OPTIONS"),
        ("/api/openapi.json", "GET, HEAD, OPTIONS"),
        ("/api/nothing", "GET, HEAD, OPTIONS"),
        ("/api/v1/selfcheck/phq-9/score", "GET, HEAD, OPTIONS, POST"),
    ],
)
def test_preflight(client, url, methods):
    response = client.options(
        url,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204 and response.content == b""
    assert "html" not in response.get("Content-Type", "")  # no body, and never labelled HTML
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == methods == response["Allow"]
    assert {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")} == {"Content-Type", "If-None-Match"}
    assert int(response["Access-Control-Max-Age"]) > 0


def test_the_hsds_views_no_longer_set_cors_themselves(service):
    from content.directory import api

    response = api.services(RequestFactory().get("/api/hsds/services"))
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response
    error = api.services(RequestFactory().get("/api/hsds/services", {"page": "0"}))
    assert error.status_code == 400 and "Access-Control-Allow-Origin" not in error


# -- the one OpenAPI document -----------------------------------------------------------


def _walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))


def test_the_one_openapi_document_is_valid_3_1(client):
    from openapi_spec_validator import validate

    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)  # raises on an invalid document: CI fails
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver", "description": "本站"}]
    assert CHINESE.search(document["info"]["title"]) and CHINESE.search(document["info"]["description"])
    assert {"/api/v1/search", "/api/v1/suggest", "/api/hsds/services", "/api/hsds/services/{id}"} <= set(
        document["paths"]
    )
    tags = {tag["name"]: tag for tag in document["tags"]}
    assert {"search", "hsds"} <= set(tags) and all(CHINESE.search(t["description"]) for t in tags.values())
    for path, item in document["paths"].items():
        for operation in item.values():
            assert set(operation["tags"]) <= set(tags), path
    # JSON Schema 2020-12: no nullable, examples arrays, no schema-level "example"
    for where, node in _walk(document):
        if isinstance(node, dict):
            assert "nullable" not in node, where
            if "type" in node and isinstance(node["type"], str | list):
                assert "example" not in node, where
            if "examples" in node and "schema" not in where[-1:]:
                assert isinstance(node["examples"], list | dict), where
    # Error is defined once, and every error response uses it
    schemas = document["components"]["schemas"]
    assert "error" in schemas["Error"]["properties"]
    assert sum(1 for _w, n in _walk(document) if isinstance(n, dict) and "error" in n.get("properties", {})) == 1
    for item in document["paths"].values():
        for operation in item.values():
            for status, answer in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_the_old_openapi_addresses_serve_the_same_document(client):
    one = client.get("/api/openapi.json").json()
    assert client.get("/api/v1/openapi.json").json() == one
    assert client.get("/api/hsds/openapi.json").json() == one
    assert client.get("/api/hsds/").json()["this_api_openapi_url"] == "http://testserver/api/openapi.json"


def test_a_missing_fragment_is_an_import_error_and_clashes_are_refused(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from anxin.api import openapi

    monkeypatch.setattr(openapi, "FRAGMENTS", (*openapi.FRAGMENTS, "anxin.api.nowhere.openapi_fragment"))
    with pytest.raises(ImportError):
        openapi.openapi_document()
    monkeypatch.setattr(openapi, "FRAGMENTS", ("search.openapi.openapi_fragment",) * 2)
    with pytest.raises(ImproperlyConfigured, match="/api/v1/search"):
        openapi.openapi_document()


def test_the_document_is_json_serialisable_without_a_request():
    from anxin.api.openapi import openapi_document

    assert json.loads(json.dumps(openapi_document()))["servers"] == [{"url": "/", "description": "本站"}]


# -- the page for partners ---------------------------------------------------------------


def test_the_api_page_explains_the_conventions_with_five_examples(client, settings):
    settings.ANXIN_SELFCHECK_RATE_LIMIT = 30
    response = client.get("/kaifa/api/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/api/openapi.json">' in html
    for needle in [
        "curl 'http://testserver/api/v2/pages/?type=articles.ArticlePage&amp;audience=elders'",
        "/api/v2/pages/42/",
        "/api/v2/pages/?type=events.EventPage&amp;area=310114&amp;starts_after=",
        "curl 'http://testserver/api/v1/hotlines'",
        "curl -X POST 'http://testserver/api/v1/selfcheck/phq-9/score'",
        "If-None-Match",
        "Access-Control-Allow-Origin: *",
        "每分钟最多 30 次",
        "ANXIN_SELFCHECK_RATE_LIMIT",
        "bad_parameter",
    ]:
        assert needle in html, needle


def test_the_footer_links_the_api_page(client):
    html = client.get("/yinsi/").content.decode()
    assert '<a href="/kaifa/api/">开放接口</a>' in html


# -- review16: what a real client (with CSRF enforced, as browsers and apps are) sees -----


@pytest.mark.parametrize(
    "url",
    ["/api/v1/hotlines", "/api/v1/campaigns", "/api/v1/search", "/api/v1/suggest", "/api/hsds/services"],
)
def test_posting_to_a_read_api_is_405_not_a_csrf_403(url):
    """The test client skips CSRF checks; a mini-program or curl does not. A POST to a
    read-only endpoint must say which methods it allows, not 没有权限."""
    response = Client(enforce_csrf_checks=True).post(url, data="{}", content_type="application/json")
    assert_error_shape(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_the_selfcheck_post_still_works_with_csrf_enforced(client):
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/selfcheck/nope/score", data="{}", content_type="application/json"
    )
    assert_error_shape(response, 404, "not_found", "slug")


def test_the_api_page_reads_a_real_article_in_example_2(client, article_index):
    """Example 2 says 读取一篇文章: its id must be a published article, not a fixed 42."""
    from tests.factories import make_article

    article = make_article(article_index)
    make_article(article_index, title="草稿", publish=False)
    html = client.get("/kaifa/api/").content.decode()
    assert f"/api/v2/pages/{article.pk}/'" in html
    assert client.get(f"/api/v2/pages/{article.pk}/").json()["meta"]["type"] == "articles.ArticlePage"
