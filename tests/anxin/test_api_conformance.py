"""Schemathesis against the site's JSON APIs, through the WSGI app: every operation of
the one OpenAPI document (/api/openapi.json, assembled by anxin/api/openapi.py), positive
and negative data, every built-in check (status codes, content types, response schemas,
negative data rejected, positive data accepted, no 5xx). Bounded so the module finishes
in well under a minute (tests/anxin/schemathesis_runner.py runs it).

Run alone (-s prints the counts):
DJANGO_SETTINGS_MODULE=anxin.settings.test .venv/bin/pytest tests/anxin/test_api_conformance.py -q -s
"""

from __future__ import annotations

import os

import pytest

from .schemathesis_runner import default_strategy as _strategy  # noqa: F401 (for other API tests)
from .schemathesis_runner import run_schemathesis
from .schemathesis_runner import run_schemathesis as _run  # noqa: F401 (the name other API tests import)

pytestmark = pytest.mark.django_db

#: Examples per operation and generation mode (ANXIN_FUZZ_SCALE=4 for a longer run).
SCALE = float(os.environ.get("ANXIN_FUZZ_SCALE", "1"))
EXAMPLES = int(25 * SCALE)  # per operation and mode: nine operations today


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


def test_every_api_conforms_to_the_one_openapi_document(content):
    assert run_schemathesis("/api/openapi.json", EXAMPLES) > 0
