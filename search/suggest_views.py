"""``GET /api/v1/suggest?q=&kind=&limit=``: suggestions as you type (JSON).

Never 500: bad parameters answer 400 with a Chinese message (the search API's error
shape), an unavailable index 503. Each suggestion carries the URL of its document
(a title offered by one document) or of the search page for it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from anxin.api.errors import api_error
from anxin.cache import pages as page_cache

from . import registry
from .analysis import is_crisis
from .engines.base import EngineUnavailable
from .index import PAGE_SCOPE, suggest
from .params import MAX_Q_CHARS, MAX_QUERY_STRING_BYTES, BadParameter, _one, _positive_int, kind_message
from .suggest import DEFAULT_LIMIT, MATCH_NAMES, MAX_LIMIT
from .views import hotlines_for, logger


def parse_suggest(params) -> tuple[str, str | None, int]:
    q = _one(params, "q")
    if len(q) > MAX_Q_CHARS:
        raise BadParameter("q", _("搜索内容太长了，请精简到 %(max)d 个字以内。") % {"max": MAX_Q_CHARS})
    kind = _one(params, "kind") if "kind" in params else None
    if kind is not None and registry.get_kind(kind) is None:  # "kind=" too, as in the search API
        raise BadParameter("kind", kind_message())
    return q, kind, _positive_int(params, "limit", DEFAULT_LIMIT, MAX_LIMIT, strict=True)


def api_suggest(request):
    page_cache.depends_on(request, PAGE_SCOPE)
    if request.method not in ("GET", "HEAD"):
        response = api_error(405, _("只支持 GET 请求。"))
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING_BYTES:
        return api_error(414, _("请求地址太长了，请缩短搜索内容。"))
    try:
        q, kind, limit = parse_suggest(request.GET)
    except BadParameter as exc:
        return api_error(400, exc.message, exc.parameter)
    try:
        found = suggest(q, limit, kind)
    except EngineUnavailable:
        return api_error(503, _("搜索暂时不可用，请稍后再试。"), code="search_unavailable")
    except Exception:
        logger.exception("suggest failed for %r", q[:200])
        return api_error(503, _("搜索暂时不可用，请稍后再试。"), code="search_unavailable")
    crisis = is_crisis(q)
    search_url = reverse("search")
    labels = {k.name: str(k.label) for k in registry.kinds()}
    data = {
        "query": q,
        "crisis": crisis,
        "hotlines": hotlines_for(request) if crisis else [],
        "suggestions": [
            {
                "text": s.text,
                "kind": s.kind,
                "kind_label": labels.get(s.kind, s.kind),
                "field": s.field,
                "match": MATCH_NAMES[s.match] if 0 <= s.match < len(MATCH_NAMES) else "start",
                "count": s.count,
                "url": s.url or f"{search_url}?{urlencode({'q': s.text})}",
            }
            for s in found
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    if crisis:  # otherwise the API convention's public caching (anxin/api/middleware.py)
        response["Cache-Control"] = "no-store"
    return response
