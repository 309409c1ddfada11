"""Never an error page: any query string gives a normal page or a 400 with a message."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.index import get_engine

from .conftest import sample_documents

pytestmark = pytest.mark.django_db

FTS_SYNTAX = [
    '"',
    "'",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(",
    "*",
    "^",
    "title:",
    "{title body}:",
    "(",
    ")",
    ":",
    "-",
    "+",
    "\\",
    ";",
    "--",
    "/*",
    "DROP TABLE docs",
    "' OR 1=1 --",
    "%",
    "_",
    "\x00",
    "\x1b",
    "\u200b",
    "😀",
    "👨‍👩‍👧",
    "失眠",
    "自杀",
    "睡不著",
    "ＡＮＤ",
    "\ufeff",
    "\ud7ff",
    "<script>",
    "&amp;",
    "\n",
    "\t",
]

query_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(FTS_SYNTAX) | st.text(max_size=5), max_size=12).map(" ".join),
    st.lists(st.sampled_from(FTS_SYNTAX), max_size=12).map("".join),
    st.just("失眠" * 5000),
    st.just("x" * 10_000),
    st.just("x" * 10_001),
)
param_value = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["", "service", "article", "31", "310114", "elders", "31.3,121.2", "1e309,5", "-0", "0", "2", "nan"]
    ),
)
PARAMS = ["kind", "audience", "area", "topic", "service_kind", "service", "near", "radius", "page", "per_page"]
extra_params = st.dictionaries(st.sampled_from(PARAMS), param_value, max_size=4)

SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture
def indexed(search_settings, hotlines):
    get_engine("embedded").rebuild(sample_documents())


def _clean(value: str) -> str:
    # the test client cannot send lone surrogates; browsers would percent-encode them as replacement chars
    return value.encode("utf-8", "replace").decode("utf-8")


@SETTINGS
@given(q=query_text, extra=extra_params)
def test_api_never_errors(indexed, q, extra):
    client = Client()
    params = {"q": _clean(q), **{k: _clean(v) for k, v in extra.items()}}
    response = client.get("/api/v1/search", params)
    assert response.status_code in (200, 400, 414), response.content[:300]  # 414: query string over 8,000 bytes
    data = response.json()
    if response.status_code in (400, 414):
        assert data["error"]["message"]
    else:
        assert isinstance(data["results"], list) and isinstance(data["crisis"], bool)


@SETTINGS
@given(q=query_text, extra=extra_params)
def test_page_never_errors(indexed, q, extra):
    client = Client()
    params = {"q": _clean(q), **{k: _clean(v) for k, v in extra.items()}}
    response = client.get("/search/", params)
    assert response.status_code in (200, 400)
    assert b'name="q"' in response.content


@pytest.mark.parametrize(
    "raw",
    [
        "/search/?q=%00",
        "/search/?q=%FF%FE",
        "/api/v1/search?q=%00%00&page=%00",
        "/api/v1/search?q=a&q=b",
        "/api/v1/search?near=%E2%80%8B",
    ],
)
def test_raw_query_strings(indexed, raw):
    response = Client().get(raw)
    assert response.status_code in (200, 400)
