"""Fixtures for the self-check tests: the demo instruments as unsaved pages and as a live site."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from wagtail.models import Site

from content.selfcheck import demo
from content.selfcheck.instruments import EPDS, GAD7, PHQ9
from content.selfcheck.models import QuestionnairePage, SelfCheckIndexPage


@pytest.fixture
def phq9(db):
    """The PHQ-9 instrument as built from an (unsaved) page (Wagtail looks up its content type)."""
    return demo.questionnaire_from_spec(PHQ9).instrument()


@pytest.fixture
def gad7(db):
    return demo.questionnaire_from_spec(GAD7).instrument()


@pytest.fixture
def epds(db):
    return demo.questionnaire_from_spec(EPDS).instrument()


@pytest.fixture(scope="module")
def _selfcheck_pages(django_db_setup, django_db_blocker):
    """Publish the demo index and questionnaires once per test module (publishing is slow),
    outside the per-test transactions, and remove them afterwards."""
    with django_db_blocker.unblock():
        lines: list[str] = []
        demo.load(lines.append)
        root = Site.objects.get(is_default_site=True).root_page
        index = SelfCheckIndexPage.objects.child_of(root).get()
        yield index.pk, lines
        index.refresh_from_db()
        index.delete()


@pytest.fixture
def selfcheck_site(db, _selfcheck_pages):
    """The demo index and its three questionnaires, published under the default site's root page."""
    index_pk, lines = _selfcheck_pages
    index = SelfCheckIndexPage.objects.get(pk=index_pk)
    pages = {page.short_name: page for page in QuestionnairePage.objects.child_of(index)}
    return {"index": index, "log": lines, **pages}


def answers_for(indices: list[int]) -> dict[str, str]:
    """Form data choosing option ``indices[n]`` for question n+1."""
    return {f"q{number}": str(index) for number, index in enumerate(indices, start=1)}


@pytest.fixture
def browser_client():
    """A client that enforces CSRF like a real browser session."""
    return Client(enforce_csrf_checks=True)


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the form carries a CSRF token"
    return match.group(1)


@pytest.fixture
def submit(browser_client):
    """GET the form, then POST answers with the form's CSRF token, as a browser would."""

    def _submit(page, indices=None, extra=None, data=None):
        form = browser_client.get(page.url)
        token = csrf_token_from(form.content.decode())
        payload = dict(data if data is not None else answers_for(indices or []))
        payload.update(extra or {})
        payload["csrfmiddlewaretoken"] = token
        return browser_client.post(page.url, payload)

    return _submit
