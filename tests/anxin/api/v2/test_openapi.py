"""The v2 OpenAPI fragment: a valid OpenAPI 3.1 document once wrapped, and the API
conforms to it (schemathesis, positive and negative data, every built-in check)."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from anxin.api.openapi import ERROR_SCHEMA
from anxin.api.v2.openapi import openapi_fragment
from tests import factories
from tests.anxin.test_api_conformance import SCALE, _run

from .conftest import make_event

pytestmark = pytest.mark.django_db


def full_document() -> dict:
    fragment = openapi_fragment(None)
    return {
        "openapi": "3.1.0",
        "info": {"title": "/api/v2 (fragment)", "version": "2"},
        "paths": fragment["paths"],
        "components": {
            "schemas": {"Error": ERROR_SCHEMA, **fragment["components"]["schemas"]},
            "parameters": fragment["components"]["parameters"],
        },
        "tags": fragment["tags"],
    }


def test_fragment_shape():
    fragment = openapi_fragment(None)
    assert set(fragment) == {"paths", "components", "tags"}
    assert all(name.startswith("V2") for name in fragment["components"]["schemas"])
    assert all(name.startswith("V2") for name in fragment["components"]["parameters"])
    text = json.dumps(fragment)
    assert "nullable" not in text
    assert '"#/components/schemas/Error"' in text


def test_document_is_valid_openapi_31():
    from jsonschema import Draft202012Validator

    document = full_document()
    # every $ref resolves inside the document
    text = json.dumps(document)
    for ref in {part.split('"')[0] for part in text.split('"$ref": "')[1:]}:
        section, kind, name = ref.lstrip("#/").split("/")
        assert name in document[section][kind], ref
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    import schemathesis

    schemathesis.openapi.from_dict(document)  # parses as OpenAPI 3.1


@pytest.fixture
def content(articles_index, events_index, organizer, areas, campaign, elders):
    image = factories.make_image("封面", size=(400, 300))
    factories.make_article(
        articles_index,
        audiences=[elders],
        topics=["失眠"],
        cover_image=image,
        body=[
            ("paragraph", "<p>正文。</p>"),
            ("image", {"image": image, "alt_text": "图", "caption": ""}),
        ],
    )
    make_event(events_index, organizer, areas["village"], campaign=campaign, audiences=[elders])
    document = get_document_model()(title="口袋书")
    document.file.save("pocket.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()


def test_api_conforms_to_the_fragment(content):
    assert _run(full_document(), int(20 * SCALE)) > 0
