"""Schemathesis against the site's JSON APIs, through the WSGI app: every operation of
the search API's and the HSDS API's OpenAPI documents, positive and negative data, every
built-in check (status codes, content types, response schemas, negative data rejected,
positive data accepted, no 5xx). Bounded so the module finishes in well under a minute.

Run alone (-s prints the counts):
DJANGO_SETTINGS_MODULE=anxin.settings.test .venv/bin/pytest tests/anxin/test_api_conformance.py -q -s
"""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

pytestmark = pytest.mark.django_db

#: Examples per operation and generation mode (ANXIN_FUZZ_SCALE=4 for a longer run).
SCALE = float(os.environ.get("ANXIN_FUZZ_SCALE", "1"))
SEARCH_EXAMPLES = int(100 * SCALE)  # one operation
HSDS_EXAMPLES = int(25 * SCALE)  # seven operations


def _strategy(operation, mode):
    strategy = operation.as_strategy(generation_mode=mode)
    if mode == GenerationMode.POSITIVE:
        # What the schema cannot say: the search API's radius needs near (its description says so).
        strategy = strategy.filter(lambda case: "radius" not in (case.query or {}) or "near" in (case.query or {}))
    return strategy


@contextmanager
def _keep_the_test_connection():
    """Django closes "old" connections at each request's start and end; inside a test's
    transaction that closes the test's own connection (PostgreSQL: "the connection is
    closed"). Django's test client unhooks this the same way; schemathesis calls the WSGI
    app directly."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run(schema_path: str | dict, max_examples: int) -> int:
    """``schema_path``: where the app serves the document, or the document itself."""
    with _keep_the_test_connection():
        return _run_all(schema_path, max_examples)


def _run_all(schema_path: str | dict, max_examples: int) -> int:
    from anxin.wsgi import application

    if isinstance(schema_path, dict):
        schema = schemathesis.openapi.from_dict(schema_path)
        schema.app = application
        schema_path = schema_path.get("info", {}).get("title", "schema")
    else:
        schema = schemathesis.openapi.from_wsgi(schema_path, application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations
    calls = 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode == GenerationMode.NEGATIVE and not operation.definition.raw.get("parameters"):
                continue  # nothing to get wrong

            @settings(
                max_examples=max_examples,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=_strategy(operation, mode))
            def check(case):
                nonlocal calls
                calls += 1
                # The WSGI transport does not decompress: ask for the body as it is.
                case.call_and_validate(headers={"Accept-Encoding": "identity"})

            check()
    print(f"schemathesis {schema_path}: {len(operations)} operations, {calls} requests, 0 failures")
    return calls


@pytest.fixture
def content(db):
    """A little of everything the APIs list, so responses are not all empty."""
    from content.directory.models import ServicePoint
    from content.reference.models import AdminArea, Organization

    area = AdminArea.objects.create(code="310114102201", name="南翔村")
    org = Organization.objects.create(name="南翔镇社区卫生服务中心")
    ServicePoint.objects.create(
        name="南翔村心理咨询室",
        kind="consultation_room",
        area=area,
        organization=org,
        latitude="31.3",
        longitude="121.3",
    )


def test_search_api_conforms_to_its_openapi_document(content):
    assert _run("/api/v1/openapi.json", SEARCH_EXAMPLES) > 0


def test_hsds_api_conforms_to_its_openapi_document(content):
    assert _run("/api/hsds/openapi.json", HSDS_EXAMPLES) > 0
