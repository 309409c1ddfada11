"""GET /api/v1/suggest through the real URL, and its OpenAPI description."""

from __future__ import annotations

import pytest
from django.test import Client

from search.index import get_engine

from .conftest import doc, sample_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(search_settings, hotlines):
    engine = get_engine("embedded")
    engine.rebuild([*sample_documents(), doc("article:90", title="睡前放松练习", topics=["失眠"])])
    return engine


def get(**params):
    response = Client().get("/api/v1/suggest", params)
    return response, response.json()


@pytest.mark.parametrize("typed", ["shimian", "shi mian", "SM", "失眠", "失 眠"])
def test_pinyin_and_initials_suggest_the_topic(indexed, typed):
    response, data = get(q=typed)
    assert response.status_code == 200
    first = data["suggestions"][0]
    assert first["text"] == "失眠" and first["field"] == "topic"
    assert first["url"] == "/search/?q=%E5%A4%B1%E7%9C%A0"
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=300, stale-while-revalidate=60"
    assert data["crisis"] is False


def test_a_title_links_to_its_document_and_has_its_kind_label(indexed):
    _response, data = get(q="咨询室", kind="service")
    room = next(s for s in data["suggestions"] if s["text"] == "南翔镇永乐村心理咨询室")
    assert room["url"] == "/service/10/" and room["kind_label"] == "服务机构" and room["match"] == "contains"


def test_crisis_in_pinyin_gives_the_hotlines_and_no_store(indexed):
    response, data = get(q="buxianghuole")
    assert data["crisis"] is True and data["hotlines"][0]["number"] == "12356"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [({"q": "a", "limit": "0"}, "limit"), ({"q": "a", "limit": "x"}, "limit"), ({"q": "a", "kind": "nope"}, "kind")],
)
def test_bad_parameters_are_400_in_chinese(indexed, params, parameter):
    response, data = get(**params)
    assert response.status_code == 400
    assert data["error"]["parameter"] == parameter and any("\u4e00" <= c <= "\u9fff" for c in data["error"]["message"])


def test_post_is_405_and_a_missing_index_is_503(search_settings, hotlines):
    response = Client().post("/api/v1/suggest", {"q": "a"})
    assert response.status_code == 405
    search_settings.SEARCH_EMBEDDED_PATH.unlink()
    response, data = get(q="失眠")
    assert response.status_code == 503 and data["error"]["code"] == "search_unavailable"


def test_search_api_says_what_a_pinyin_query_was_searched_as(indexed):
    data = Client().get("/api/v1/search", {"q": "shimian"}).json()
    assert data["searched_as"] == "失眠" and data["results"][0]["id"] == "article:1"


def test_openapi_describes_suggest(indexed):
    doc_ = Client().get("/api/v1/openapi.json").json()
    op = doc_["paths"]["/api/v1/suggest"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"q", "kind", "limit"}
    item = op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["suggestions"]["items"]
    assert "initials" in item["properties"]["match"]["enum"]


def test_search_page_says_a_pinyin_query_was_searched_as_its_term(indexed):
    html = Client().get("/search/", {"q": "shimian"}).content.decode()
    assert "没有找到“shimian”，以下是“失眠”的结果。" in html
    assert "<mark>失眠</mark>" in html
