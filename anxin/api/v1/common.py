"""What the /api/v1 views share: JSON out with Chinese unescaped, method checks."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _

from anxin.api.errors import api_error


def json_response(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def method_not_allowed(allowed: tuple[str, ...]) -> JsonResponse:
    response = api_error(405, _("不支持这种请求方法，请使用 %(methods)s。") % {"methods": " / ".join(allowed)})
    response["Allow"] = ", ".join(allowed)
    return response


def absolute(request, url: str | None) -> str | None:
    """``url`` (a path or already absolute) as an absolute URL on the host asked."""
    return request.build_absolute_uri(url) if url else None
