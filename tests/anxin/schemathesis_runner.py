"""Run schemathesis on an OpenAPI document against the site's WSGI app, in-process.

``run_schemathesis(schema_or_path, max_examples, strategy=default_strategy)``: every
operation, positive and negative data (negative only where there are parameters to get
wrong), every built-in check; a failure raises. ``schema_or_path`` is a path served by
the site ("/api/openapi.json") or an OpenAPI document as a dict (e.g. a fragment with
the assembler's ``Error``). ``strategy(operation, mode)`` gives the cases to send (wrap
``default_strategy`` to say what a schema cannot). Returns the number of requests made.

Needs the database (``pytest.mark.django_db``). Each call is bounded by
``max_examples`` per operation and mode.
"""

from __future__ import annotations

import copy
import json
from contextlib import contextmanager

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode


def default_strategy(operation, mode):
    strategy = operation.as_strategy(generation_mode=mode)
    if mode == GenerationMode.POSITIVE:
        # What the schema cannot say (the parameters' descriptions do): the search API's
        # radius needs near; API v2's starts_before must be after starts_after.
        strategy = strategy.filter(lambda case: "radius" not in (case.query or {}) or "near" in (case.query or {}))
        strategy = strategy.filter(_dates_in_order)
    return strategy


def _dates_in_order(case) -> bool:
    query = case.query or {}
    after, before = query.get("starts_after"), query.get("starts_before")
    if not (isinstance(after, str) and isinstance(before, str)):
        return True
    return after < before  # ISO dates compare as strings


@contextmanager
def keep_the_test_connection():
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


def load(schema_or_path):
    from anxin.wsgi import application

    if isinstance(schema_or_path, str):
        return schemathesis.openapi.from_wsgi(schema_or_path, application)
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(copy.deepcopy(schema_or_path))))
    schema.app = application  # as from_wsgi does: calls go to the WSGI app
    return schema


def run_schemathesis(schema_or_path, max_examples: int, strategy=default_strategy) -> int:
    with keep_the_test_connection():
        return _run_all(schema_or_path, max_examples, strategy)


def _run_all(schema_or_path, max_examples: int, strategy) -> int:
    schema = load(schema_or_path)
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
            @given(case=strategy(operation, mode))
            def check(case):
                nonlocal calls
                calls += 1
                # The WSGI transport does not decompress: ask for the body as it is.
                case.call_and_validate(headers={"Accept-Encoding": "identity"})

            check()
    where = schema_or_path if isinstance(schema_or_path, str) else "the given document"
    print(f"schemathesis {where}: {len(operations)} operations, {calls} requests, 0 failures")
    return calls
