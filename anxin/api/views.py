"""The views of the convention itself: the one OpenAPI document and the JSON 404."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from anxin.cache import pages as page_cache

from .errors import api_error
from .openapi import openapi_document


def openapi(request):
    """``GET /api/openapi.json``, also served unchanged at the old addresses
    ``/api/v1/openapi.json`` and ``/api/hsds/openapi.json`` (see docs/api.md)."""
    if request.method not in ("GET", "HEAD"):
        response = api_error(405, _("只支持 GET 请求。"))
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    page_cache.depends_on(request)  # the registered kinds and facets: site settings
    return JsonResponse(openapi_document(request), json_dumps_params={"ensure_ascii": False})


@csrf_exempt
def not_found(request, rest: str = ""):
    """Any ``/api/…`` address no API claims: a JSON 404, not the site's HTML page."""
    return api_error(404, _("没有这个接口：%(path)s") % {"path": request.path[:200]})
