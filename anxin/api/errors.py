"""The one error shape of every JSON API the site serves (search, suggest, HSDS,
Wagtail API v2 and our own /api/v1 endpoints)::

    {"error": {"code": "bad_parameter", "message": "中文说明", "parameter": "q"}}

``code`` is a stable English word a client can switch on; ``message`` is Chinese and
meant for people; ``parameter`` names the query parameter or field at fault, when one is.
"""

from __future__ import annotations

from django.http import JsonResponse

#: The code for each status when the caller does not give one.
STATUS_CODES = {
    400: "bad_parameter",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}


def error_body(status: int, message: str, parameter: str = "", code: str | None = None) -> dict:
    error = {"code": code or STATUS_CODES.get(status, "error"), "message": str(message)}
    if parameter:
        error["parameter"] = parameter
    return {"error": error}


def api_error(status: int, message: str, parameter: str = "", code: str | None = None) -> JsonResponse:
    """A JSON error response in the one shape, Chinese text unescaped."""
    return JsonResponse(
        error_body(status, message, parameter, code),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
