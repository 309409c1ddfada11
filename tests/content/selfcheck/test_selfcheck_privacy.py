"""Nothing is kept: a submission writes nothing to the database, the cache, a cookie or a log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

import content.selfcheck

pytestmark = pytest.mark.django_db

# PHQ-9 answers giving a total of 17 (中重度) with item 9 flagged.
ANSWERS = [3, 2, 3, 1, 2, 2, 1, 2, 1]
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "ALTER", "DROP")


class RecordEverything(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def captured_logs():
    """Every record from every logger, at every level, during the test."""
    handler = RecordEverything()
    manager = logging.root.manager
    saved = {name: lg.level for name, lg in manager.loggerDict.items() if isinstance(lg, logging.Logger)}
    saved_root = logging.root.level
    for name in saved:
        logging.getLogger(name).setLevel(logging.DEBUG)
    logging.root.setLevel(logging.DEBUG)
    logging.root.addHandler(handler)
    yield handler.records
    logging.root.removeHandler(handler)
    logging.root.setLevel(saved_root)
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
def cache_writes(monkeypatch):
    """Wrap every configured cache: record each write (set, add, incr …) made through it."""
    writes: list[tuple[str, tuple]] = []
    for alias in caches:
        backend_class = type(caches[alias])
        for method in ("set", "add", "set_many", "get_or_set", "incr", "decr", "touch", "delete", "delete_many"):
            original = getattr(backend_class, method)

            def spy(self, *args, _original=original, _method=method, **kwargs):
                writes.append((_method, args))
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(backend_class, method, spy)
    return writes


def form_data(token: str) -> dict[str, str]:
    data = {f"q{n}": str(i) for n, i in enumerate(ANSWERS, start=1)}
    data["csrfmiddlewaretoken"] = token
    return data


def open_form(browser_client, page) -> str:
    from .conftest import csrf_token_from

    return csrf_token_from(browser_client.get(page.url).content.decode())


def test_submission_writes_nothing_to_the_database(browser_client, selfcheck_site):
    page = selfcheck_site["PHQ-9"]
    token = open_form(browser_client, page)
    with CaptureQueriesContext(connection) as queries:
        response = browser_client.post(page.url, form_data(token))
    assert response.status_code == 200
    assert "<strong>17</strong> / 27" in response.content.decode()  # the submission really was scored
    assert len(queries) > 0  # the page itself was read from the database
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITE_VERBS)]
    assert writes == []


def test_answers_and_score_never_reach_a_log_record(browser_client, selfcheck_site, captured_logs):
    page = selfcheck_site["PHQ-9"]
    token = open_form(browser_client, page)
    captured_logs.clear()
    # Capture SQL too (CaptureQueriesContext turns on Django's query logging with parameters).
    with CaptureQueriesContext(connection):
        response = browser_client.post(page.url, form_data(token))
    body = response.content.decode()
    assert "中重度" in body
    assert captured_logs, "the handler sees the request's records (SQL debug lines at least)"
    secrets = ["q1", "q9", "中重度", "17 / 27", "17/27", "'17'", "score", "total"]
    for record in captured_logs:
        text = " ".join(
            [record.getMessage(), repr(record.args), repr(getattr(record, "request", "")), str(record.exc_text or "")]
            + [repr(value) for key, value in vars(record).items() if key not in {"msg", "args"}]
        )
        for secret in secrets:
            assert secret not in text, f"{secret!r} in log record {record.name}: {text[:200]}"


def test_rejected_submission_is_logged_without_answers(browser_client, selfcheck_site, captured_logs):
    """A POST without CSRF token is logged by Django (proving the capture works), but not its answers."""
    page = selfcheck_site["PHQ-9"]
    response = browser_client.post(page.url, {f"q{n}": str(i) for n, i in enumerate(ANSWERS, start=1)})
    assert response.status_code == 403
    messages = [record.getMessage() for record in captured_logs]
    assert any("Forbidden (CSRF" in message for message in messages)
    assert not any("q1" in message or "q9" in message for message in messages)


def test_submission_sets_no_cookie_but_the_csrf_one(browser_client, selfcheck_site):
    page = selfcheck_site["PHQ-9"]
    token = open_form(browser_client, page)
    response = browser_client.post(page.url, form_data(token))
    assert set(response.cookies) <= {"csrftoken"}
    for morsel in response.cookies.values():
        assert "17" not in morsel.value and "q1" not in morsel.value
    assert "sessionid" not in browser_client.cookies


def test_submission_writes_nothing_to_the_cache(browser_client, selfcheck_site, cache_writes):
    page = selfcheck_site["PHQ-9"]
    token = open_form(browser_client, page)  # warms Wagtail's site-root cache
    cache_writes.clear()
    response = browser_client.post(page.url, form_data(token))
    assert "<strong>17</strong>" in response.content.decode()
    assert cache_writes == []


def test_cache_spy_sees_writes(cache_writes):
    caches["default"].set("selfcheck-test", 1)
    assert cache_writes == [("set", ("selfcheck-test", 1))]


def test_result_and_form_pages_are_never_stored(submit, browser_client, selfcheck_site):
    page = selfcheck_site["PHQ-9"]
    result = submit(page, ANSWERS)
    error = submit(page, data={"q1": "3"})
    form = browser_client.get(page.url)
    for response in (result, error, form):
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control
    # The result is the POST response itself: no redirect puts answers in a URL.
    assert result.status_code == 200 and not result.has_header("Location")


def test_answers_stay_out_of_urls(submit, selfcheck_site):
    body = submit(selfcheck_site["PHQ-9"], ANSWERS).content.decode()
    assert 'method="get"' not in body.lower().split("<main", 1)[1].split("</main>", 1)[0]
    assert "?q1=" not in body and "&q1=" not in body


def test_enhancement_script_stores_and_sends_nothing():
    script = (Path(content.selfcheck.__file__).parent / "static/selfcheck/selfcheck.js").read_text()
    for api in (
        "localStorage",
        "sessionStorage",
        "indexedDB",
        "document.cookie",
        "fetch(",
        "XMLHttpRequest",
        "sendBeacon",
    ):
        assert api not in script
