"""The /api/v1 OpenAPI 3.1 fragment: well formed, and the endpoints conform to it under
schemathesis (positive and negative data, every built-in check, 0 failures), run the way
tests/anxin/test_api_conformance.py runs the site's other documents."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode

from anxin.api.openapi import ERROR_SCHEMA
from anxin.api.v1.openapi import openapi_fragment
from tests import factories
from tests.anxin.test_api_conformance import _run
from tests.content.events.conftest import make_event, make_report

pytestmark = pytest.mark.django_db

SCORE_PATH = "/api/v1/selfcheck/{slug}/score"
PHQ9_QUESTIONS, PHQ9_OPTIONS = 9, 4


def full_document(fragment: dict) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "anxin /api/v1 (own endpoints)", "version": "1"},
        "paths": fragment["paths"],
        "components": {"schemas": {**fragment["components"]["schemas"], "Error": ERROR_SCHEMA}},
        "tags": fragment["tags"],
    }


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_fragment_shape():
    fragment = openapi_fragment(RequestFactory().get("/"))
    assert set(fragment) == {"paths", "components", "tags"}
    assert set(fragment["paths"]) == {
        "/api/v1/hotlines",
        "/api/v1/campaigns",
        "/api/v1/campaigns/{key}",
        SCORE_PATH,
    }
    schemas = fragment["components"]["schemas"]
    assert schemas and all(name.startswith("V1") for name in schemas)
    text = json.dumps(fragment, ensure_ascii=False)
    assert "nullable" not in text  # 3.1: "type": [..., "null"]
    for ref in _refs(fragment):
        name = ref.removeprefix("#/components/schemas/")
        assert name == "Error" or name in schemas, ref
    score = fragment["paths"][SCORE_PATH]["post"]
    assert set(score["responses"]) == {"200", "400", "404", "405", "413", "415", "429"}
    assert "Retry-After" in score["responses"]["429"]["headers"]
    assert "429" in score["description"] or "频率" in score["description"]
    for path in fragment["paths"].values():
        for operation in path.values():
            for status, response in operation["responses"].items():
                if status != "200":
                    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_rate_limit_is_documented_with_the_setting(settings):
    settings.ANXIN_SELFCHECK_RATE_LIMIT = 12
    description = openapi_fragment(RequestFactory().get("/"))["paths"][SCORE_PATH]["post"]["description"]
    assert "每分钟最多 12 次" in description


@pytest.fixture
def world(selfcheck_site, event_index, campaign, org_a, village, settings):
    """Something for every endpoint to list, and no rate limit (hundreds of requests)."""
    settings.ANXIN_SELFCHECK_RATE_LIMIT = 0
    factories.make_service_point("希望24热线", kind="hotline", phone="4001619995", area=None, is_24_7=True)
    factories.make_service_point("嘉定区心理援助热线", kind="hotline", phone="39590800", area=None)
    event = make_event(
        event_index, org_a, village, campaign=campaign, start=timezone.now() - datetime.timedelta(days=2)
    )
    make_report(event, attendees=30, online_views=5)


def _valid_for_the_site(case, use_real):
    """What the schema cannot say: which slugs and keys exist, how many questions and
    options a questionnaire has, which areas and audiences it offers. Half the positive
    cases are made valid for the site's PHQ-9 (the rest meet a 404)."""
    if not use_real:
        return case
    if case.operation.path == SCORE_PATH and isinstance(case.body, dict):
        case.path_parameters = {"slug": "phq-9"}
        answers = [int(a) % PHQ9_OPTIONS for a in case.body["answers"]][:PHQ9_QUESTIONS]
        case.body["answers"] = answers + [0] * (PHQ9_QUESTIONS - len(answers))
        if case.body.get("area") not in ("310114000000", "310114102000"):
            case.body.pop("area", None)
        if case.body.get("audience") not in ("workers", "students", "public"):
            case.body.pop("audience", None)
    elif case.operation.path == "/api/v1/campaigns/{key}":
        case.path_parameters = {"key": "wmhd-2025"}
    return case


def _strategy(operation, mode):
    strategy = operation.as_strategy(generation_mode=mode)
    if mode == GenerationMode.POSITIVE:
        strategy = st.tuples(strategy, st.booleans()).map(lambda pair: _valid_for_the_site(*pair))
    return strategy


def test_endpoints_conform_to_the_fragment(world):
    document = full_document(openapi_fragment(RequestFactory().get("/")))
    assert _run(document, 40, strategy=_strategy) > 0
