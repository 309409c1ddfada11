"""The HTTP convention of every JSON API under ``/api/`` (docs/api.md), in one middleware.

- **Errors**: any error response under ``/api/`` that is not JSON already (Django's 404,
  ``require_GET``'s empty 405, a ``PermissionDenied`` 403, the 500 page) is answered in the one error
  shape (anxin/api/errors.py) with the same status and headers such as ``Allow``.
- **Conditional GET**: a 200 to GET/HEAD gets an ``ETag`` from its body; a matching
  ``If-None-Match`` is answered ``304 Not Modified`` without a body. No ``Last-Modified``:
  the content generations (anxin/cache/generations.py) say when a scope was last bumped,
  but reads also change with time alone (upcoming events, "open now", an event that
  started) without any bump, and a page-cache hit does not know which scopes it
  depends on; a date from them could answer 304 for content that did change. So
  ``If-Modified-Since`` is ignored (RFC 9110 allows that: it is only a hint) and the
  ETag, exact by construction, is the one validator.
- **Caching**: anonymous 200 reads get ``ANXIN_API_CACHE_CONTROL`` (60 s in browsers,
  5 min at a CDN, one more minute stale while it revalidates) unless the view said
  ``no-store``/``private``/``no-cache`` (search answers with crisis hotlines say
  ``no-store``). Never on POST, never on errors.
- **CORS** (reads are public, no credentials): ``Access-Control-Allow-Origin: *`` and
  ``Access-Control-Expose-Headers`` on every API response, and ``OPTIONS`` is answered
  here (204) with the methods the path accepts: GET, HEAD, OPTIONS, and POST too under
  ``/api/v1/selfcheck/``. ``Vary`` is left alone (no ``Origin``): the anonymous page
  cache stores only responses that vary on Cookie and Accept-Encoding.
- **No CSRF** under ``/api/``: nothing there acts on a session, so a wrong method is the
  view's 405 with ``Allow``, never the CSRF 403.

Place it directly above ``AnonymousPageCacheMiddleware`` (anxin/settings/base.py): page
cache hits return early from that middleware, so they pass through this one too and get
ETag, 304 and the headers like a freshly rendered response. It sits below GZip, so it
sees the body before compression; a page-cache hit may already be gzipped (compressed
once when stored, deterministically), and its ETag is taken from the decompressed body
and marked weak, as GZipMiddleware marks the ETag of a response it compresses. The
same content thus has the same tag, identity or gzip, miss or hit.
"""

from __future__ import annotations

import gzip
import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response

from .errors import api_error

API_PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD")
POST_PREFIXES = ("/api/v1/selfcheck/",)
DEFAULT_CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=60"
EXPOSE_HEADERS = "ETag, Last-Modified, Retry-After"
ALLOW_HEADERS = "Content-Type, If-None-Match"
PREFLIGHT_MAX_AGE = 86400
UNCACHEABLE = frozenset({"no-store", "private", "no-cache"})
#: Headers of an error answer that still hold when it is rewritten in the JSON shape.
KEPT_HEADERS = ("Allow", "Retry-After", "Cache-Control")
#: Headers a 304 carries over beyond those Django copies (anxin/middleware.py's marker).
KEPT_ON_304 = ("X-Anxin-Cache",)
MESSAGES = {
    400: "请求无效。",
    403: "没有权限访问这个接口。",
    404: "没有这个接口：%(path)s",
    405: "这个接口不支持 %(method)s 请求。",
    413: "请求内容太大了。",
    500: "服务器出错了，请稍后再试。",
    503: "系统繁忙，请稍后再试。",
}


def allowed_methods(path: str) -> str:
    methods = ["GET", "HEAD", "OPTIONS"]
    if path.startswith(POST_PREFIXES):
        methods.append("POST")
    return ", ".join(methods)


def is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().lower().endswith(("/json", "+json"))


def cache_directives(response) -> set[str]:
    value = response.get("Cache-Control", "")
    return {part.split("=")[0].strip().lower() for part in cc_delim_re.split(value) if part.strip()}


def body_etag(response) -> str:
    """A strong ETag from the body; weak when the body was content-encoded (a gzipped hit)."""
    content = response.content
    weak = False
    if response.get("Content-Encoding", "").lower() == "gzip":
        content = gzip.decompress(content)
        weak = True
    digest = hashlib.blake2b(content, digest_size=16).hexdigest()
    return f'W/"{digest}"' if weak else f'"{digest}"'


class ApiConventionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cookie_names = (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGES_COOKIE_NAME", "messages"))

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = self.preflight(request)
        else:
            # The API takes no credentials (CORS *, no cookies read for writes), so CSRF does
            # not apply: without this a POST to a read endpoint was the CSRF 403 (没有权限)
            # instead of the view's 405 with Allow. Django's own flag for "don't enforce".
            request._dont_enforce_csrf_checks = True
            response = self.get_response(request)
            if response.status_code >= 400 and not is_json(response):
                response = self.in_error_shape(request, response)
            if request.method in READ_METHODS and response.status_code == 200 and not response.streaming:
                response = self.conditional(request, response)
        self.cors(response)
        return response

    # -- CORS ------------------------------------------------------------------

    @staticmethod
    def preflight(request) -> HttpResponse:
        response = HttpResponse(status=204)
        del response["Content-Type"]  # no body: not the text/html Django labels it with
        methods = allowed_methods(request.path)
        response["Allow"] = methods
        response["Access-Control-Allow-Methods"] = methods
        response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        return response

    @staticmethod
    def cors(response) -> None:
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS

    # -- errors ----------------------------------------------------------------

    @staticmethod
    def in_error_shape(request, response):
        status = response.status_code
        template = MESSAGES.get(status) or MESSAGES[500 if status >= 500 else 400]
        message = template % {"path": request.path[:200], "method": request.method}
        shaped = api_error(status, message)
        for name in KEPT_HEADERS:
            if name in response:
                shaped[name] = response[name]
        return shaped

    # -- caching -----------------------------------------------------------------

    def anonymous(self, request) -> bool:
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        return not any(name in request.COOKIES for name in self.cookie_names)

    def conditional(self, request, response):
        if self.anonymous(request) and not cache_directives(response) & UNCACHEABLE:
            response["Cache-Control"] = getattr(settings, "ANXIN_API_CACHE_CONTROL", DEFAULT_CACHE_CONTROL)
        etag = body_etag(response)
        response["ETag"] = etag
        not_modified = get_conditional_response(request, etag=etag, response=response)
        if not_modified is not response:
            for name in KEPT_ON_304:
                if name in response:
                    not_modified[name] = response[name]
        return not_modified
