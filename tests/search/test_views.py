"""The public page /search/ and the JSON API /api/v1/search."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from search.engines.embedded import EmbeddedEngine
from search.index import get_engine

from .conftest import doc, sample_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(search_settings, hotlines):
    engine = get_engine("embedded")
    assert isinstance(engine, EmbeddedEngine)
    engine.rebuild(sample_documents())
    return engine


@pytest.fixture
def client():
    return Client()


def api(client, **params):
    response = client.get("/api/v1/search", params)
    return response, response.json()


def test_api_results_carry_what_clients_need(indexed, client):
    response, data = api(client, q="心理咨询", kind="service", near="31.35,121.25")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert data["crisis"] is False and data["hotlines"] == []
    first = data["results"][0]
    assert first["id"] == "service:10"
    assert {"title", "kind", "url", "phones", "distance_km"} <= set(first)
    assert first["kind"] == "service" and first["url"] == "/service/10/"
    assert first["phones"] == [
        {"number": "021-59120000", "label": "咨询电话", "tel": "02159120000", "href": "tel:02159120000"}
    ]
    assert 5 < first["distance_km"] < 12
    distances = [r["distance_km"] for r in data["results"]]
    assert distances == sorted(distances)
    assert data["counts"]["article"] >= 1  # tab counts ignore the kind filter
    assert "<mark>心理咨询</mark>" in first["highlight"]["title"]


def test_api_phone_link_is_the_documents_own(indexed, client):
    """The core never rewrites a number: a phone its content app gave no link stays
    unlinked (content apps give every phone its link: content.reference.phones.Phone)."""
    _, data = api(client, q="安亭镇心理门诊")
    hit = next(r for r in data["results"] if r["id"] == "service:11")
    assert hit["phones"][0]["number"] == "021-59570000"
    assert hit["phones"][0]["href"] == "" and hit["phones"][0]["tel"] == ""


def test_api_filters_and_facet_labels(indexed, client):
    _, data = api(client, audience="elders", area="310114")
    assert {r["id"] for r in data["results"]} == {"service:10", "service:11", "event:20"}
    area = {f["value"]: f for f in data["facets"]["area"]}
    assert area["310114102"]["label"] == "南翔镇" and area["310114102"]["count"] == 1
    audience = {f["value"]: f["label"] for f in data["facets"]["audience"]}
    assert audience["elders"] == "老年人"


def test_api_pagination(indexed, client):
    _, first = api(client, area="31", per_page=2)
    _, second = api(client, area="31", per_page=2, page=2)
    assert first["total"] == 4 and first["num_pages"] == 2
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_api_relaxes_to_any_word_when_all_words_find_nothing(indexed, client):
    _, data = api(client, q="我最近总是失眠 外星人")
    assert "article:1" in {r["id"] for r in data["results"]}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"kind": "video"}, "kind"),
        ({"near": "abc"}, "near"),
        ({"near": "91,0"}, "near"),
        ({"near": "31.2"}, "near"),
        ({"near": "nan,1"}, "near"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "x"}, "page"),
        ({"page": "99999"}, "page"),
        ({"per_page": "500"}, "per_page"),
        ({"area": "嘉定"}, "area"),
        ({"area": "3101141020001"}, "area"),
        ({"audience": "<script>"}, "audience"),
        ({"radius": "5"}, "radius"),
        ({"radius": "-5", "near": "31,121"}, "radius"),
        ({"q": "x" * 501}, "q"),
        ({"q": "睡" * 501}, "q"),
        ({"per_page": ""}, "per_page"),
        ({"page": ""}, "page"),
    ],
)
def test_api_bad_parameters_are_400_with_a_chinese_message(indexed, client, params, parameter):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert re.search(r"[\u4e00-\u9fff]", error["message"])


def test_api_radius_zero_is_refused_as_documented(indexed, client):
    from search.openapi import openapi_fragment

    operation = openapi_fragment()["paths"]["/api/v1/search"]["get"]
    radius = next(p for p in operation["parameters"] if p["name"] == "radius")
    assert radius["schema"]["exclusiveMinimum"] == 0
    response = client.get("/api/v1/search", {"radius": "0", "near": "31,121"})
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "radius"


def test_api_query_limits_are_documented_and_enforced(indexed, client):
    from search.openapi import openapi_fragment
    from search.params import MAX_Q_CHARS, MAX_QUERY_STRING_BYTES

    operation = openapi_fragment()["paths"]["/api/v1/search"]["get"]
    q = next(p for p in operation["parameters"] if p["name"] == "q")
    assert q["schema"]["maxLength"] == MAX_Q_CHARS
    assert client.get("/api/v1/search", {"q": "睡" * MAX_Q_CHARS}).status_code == 200
    response = client.get("/api/v1/search", {"q": "x", "topic": ["a" * 60] * 200})
    assert len(response.wsgi_request.META["QUERY_STRING"]) > MAX_QUERY_STRING_BYTES
    assert response.status_code == 414
    assert response.json()["error"]["code"] == "uri_too_long"
    assert "414" in operation["responses"]


def test_api_crisis_first(indexed, client):
    for q in ["不想活了", "我想自殺", "自 杀", "ＳＵＩＣＩＤＥ", "想死！"]:
        response, data = api(client, q=q)
        assert response.status_code == 200
        assert data["crisis"] is True, q
        assert [h["number"] for h in data["hotlines"]] == ["12356", "962525"]
        assert data["hotlines"][1]["tel"] == "962525" and data["hotlines"][1]["is_24h"] is True
        assert response["Cache-Control"] == "no-store"


def test_crisis_without_registered_hotlines_falls_back_to_12356(search_settings, clean_registry, client):
    _, data = api(client, q="不想活了")
    assert data["crisis"] is True and [h["number"] for h in data["hotlines"]] == ["12356"]


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    operation = spec["paths"]["/api/v1/search"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "kind", "audience", "area", "near", "page"} <= names
    result = operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["results"]
    assert result["items"] == {"$ref": "#/components/schemas/SearchResult"}
    assert {"title", "kind", "url", "phones", "distance_km"} <= set(
        spec["components"]["schemas"]["SearchResult"]["required"]
    )
    assert "400" in operation["responses"]


# -- the page ------------------------------------------------------------------------


def test_page_without_query_shows_the_form(search_settings, client):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html and "<mark>" not in html


def test_page_tabs_facets_and_highlights(indexed, client):
    response = client.get("/search/", {"q": "睡不着"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>失眠</mark>怎么办" in html  # title hit through the synonym
    assert "<mark>睡不着</mark>" in html  # snippet hit
    # tabs: 全部 / 文章 / 服务机构 / 活动 with counts, links keep the query
    assert re.search(r'href="\?q=%E7%9D%A1%E4%B8%8D%E7%9D%80&amp;kind=article"', html)
    assert "文章" in html and "服务机构" in html and "活动" in html
    # facets are labelled
    assert "老年人" in html


def test_page_kind_tab(indexed, client):
    html = client.get("/search/", {"q": "心理咨询", "kind": "service"}).content.decode()
    assert 'aria-current="page"' in html
    assert "南翔镇永乐村心理咨询室" in html.replace("<mark>", "").replace("</mark>", "")
    assert "老年人的心理健康" not in html


def test_page_near_sorts_by_distance_and_shows_it(indexed, client):
    html = client.get("/search/", {"kind": "service", "near": "31.35,121.25"}).content.decode()
    order = [html.index(t) for t in ["永乐村", "安亭镇", "徐汇区精神卫生中心", "北京某社区"]]
    assert order == sorted(order)
    assert "公里" in html


def test_page_escapes_everything(search_settings, hotlines, client):
    get_engine("embedded").rebuild(
        [doc("article:66", title="<script>alert(1)</script>失眠", summary="<b>失眠</b> & 焦虑", body="")]
    )
    html = client.get("/search/", {"q": "失眠"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>失眠</mark>" in html
    assert "&lt;b&gt;<mark>失眠</mark>&lt;/b&gt; &amp; " in html
    html = client.get("/search/", {"q": "失眠<script>"}).content.decode()
    assert "<script>alert(1)" not in html and "&lt;<mark>script</mark>&gt;" in html


def test_page_crisis_hotlines_come_first(indexed, client):
    response = client.get("/search/", {"q": "我不想活了 失眠"})
    assert response.status_code == 200
    html = response.content.decode()
    crisis = html.index('data-crisis="true"')
    section = html[crisis : html.index("</section>", crisis)]
    assert 'href="tel:962525"' in section and 'href="tel:12356"' in section
    assert section.index("12356") < section.index("962525")
    main = html.index('id="main"') if 'id="main"' in html else 0
    assert main < crisis < html.index("search-results")  # above every result
    assert response["Cache-Control"] == "no-store"


def test_page_has_no_inline_script(indexed, client):
    html = client.get("/search/", {"q": "失眠"}).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag
    assert "search/near.js" in html


def test_page_bad_parameter_is_400_with_message(indexed, client):
    response = client.get("/search/", {"q": "失眠", "near": "here"})
    assert response.status_code == 400
    assert "纬度" in response.content.decode()


def test_json_api_body_is_utf8_chinese(indexed, client):
    response = client.get("/api/v1/search", {"q": "失眠"})
    assert "失眠" in response.content.decode("utf-8")
    json.loads(response.content)
