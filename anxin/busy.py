"""系统繁忙: a database that is locked or unreachable answers 503, not 500.

Recognised (:func:`is_busy`): SQLite's ``database is locked`` / ``database table is
locked`` (another process holds the write lock longer than the busy timeout:
``OPTIONS["timeout"]`` in the settings), PostgreSQL's lock and statement timeouts
(SQLSTATE 55P03 ``lock_not_available``, 57014 ``query_canceled``) and a server that
cannot be reached (connection refused or timed out, too many connections). Each is
logged (``anxin.busy`` logger, a warning) and answered "系统繁忙，请稍后再试" with status
503 and ``Retry-After: 5``: a Chinese page (``503.html``, rendered without a request or
the database, like ``500.html``) or, under ``/api/``, the JSON APIs' error shape
``{"error": {"code": "busy", "message": …}}``. The statement that hit the lock wrote
nothing, and an ``atomic`` block around it (Wagtail's page and snippet saves, a login's
session and ``last_login``) was rolled back before this runs.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from anxin.api.errors import api_error

logger = logging.getLogger("anxin.busy")

RETRY_AFTER_SECONDS = 5
MESSAGE = "系统繁忙，请稍后再试。"

#: PostgreSQL SQLSTATEs: lock_not_available, query_canceled (lock_timeout/statement_timeout),
#: too_many_connections, cannot_connect_now
BUSY_SQLSTATES = {"55P03", "57014", "53300", "57P03"}
BUSY_TEXT = (
    "database is locked",
    "database table is locked",
    "database schema is locked",
    "lock timeout",
    "could not connect",
    "connection refused",
    "timeout expired",
    "connection timed out",
    "too many clients",
    "the database system is starting up",
    "server closed the connection unexpectedly",
)


def is_busy(exc: BaseException) -> bool:
    """True for a database error that waiting a little should cure (locked, unreachable)."""
    if not isinstance(exc, DatabaseError):
        return False
    causes = [exc]
    cause = exc.__cause__
    while cause is not None and len(causes) < 5:
        causes.append(cause)
        cause = cause.__cause__
    for err in causes:
        state = getattr(err, "sqlstate", None) or getattr(err, "pgcode", None)
        if state in BUSY_SQLSTATES:
            return True
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    return any(marker in text for marker in BUSY_TEXT)


def busy_response(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = api_error(503, _(MESSAGE), code="busy")
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class BusyDatabaseMiddleware:
    """``process_exception``: a busy database is a 503 with Retry-After, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        logger.warning(
            "database busy: %s %s answered 503 (%s)", request.method, request.path[:200], exception, exc_info=False
        )
        return busy_response(request)
