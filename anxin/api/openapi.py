"""The one OpenAPI 3.1 document of all the site's JSON APIs, served at /api/openapi.json.

Each API describes itself in a *fragment*: a function ``openapi_fragment(request)``
returning ``{"paths": {...}, "components": {...}, "tags": [...]}``. The fragments are
listed in ``FRAGMENTS`` by dotted path; a missing one is an ImportError (never skipped
silently), and two fragments claiming the same path, component or tag are an error too.
The error shape every API shares is defined once here, as ``#/components/schemas/Error``;
fragments refer to it (``ERROR_REF``, ``error_response(description)``).

The document is JSON Schema 2020-12 throughout (OpenAPI 3.1): ``type`` lists instead of
``nullable``, ``examples`` arrays in schemas.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

#: Every API's fragment, in the order its paths appear in the document.
FRAGMENTS = (
    "search.openapi.openapi_fragment",
    "content.directory.openapi.openapi_fragment",
    "anxin.api.v1.openapi.openapi_fragment",
    "anxin.api.v2.openapi.openapi_fragment",
)

ERROR_REF = {"$ref": "#/components/schemas/Error"}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "description": "本站所有 JSON API 共用的错误格式。code 是给程序判断用的英文词，message 是给人看的中文说明，"
    "parameter 是出错的查询参数或字段（有的话）。",
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {
                    "type": "string",
                    "description": "稳定的英文错误代码",
                    "examples": [
                        "bad_parameter",
                        "not_found",
                        "method_not_allowed",
                        "uri_too_long",
                        "too_many_requests",
                        "search_unavailable",
                        "busy",
                    ],
                },
                "message": {"type": "string", "description": "中文说明", "examples": ["page 必须是正整数。"]},
                "parameter": {"type": "string", "description": "出错的参数", "examples": ["page"]},
            },
        }
    },
}


def error_response(description: str) -> dict:
    """An OpenAPI response object answering in the shared error shape."""
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


def _merge(into: dict, items: dict, what: str, source: str) -> None:
    for name, value in items.items():
        if name in into:
            raise ImproperlyConfigured(f"OpenAPI: {what} {name!r} of {source} is already defined by another fragment")
        into[name] = value


def openapi_document(request=None) -> dict:
    server = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
    paths: dict = {}
    components: dict = {"schemas": {"Error": ERROR_SCHEMA}}
    tags: dict = {}
    for dotted in FRAGMENTS:
        fragment = import_string(dotted)(request)
        _merge(paths, fragment.get("paths", {}), "path", dotted)
        for section, items in fragment.get("components", {}).items():
            _merge(components.setdefault(section, {}), items, f"component {section}", dotted)
        _merge(tags, {tag["name"]: tag for tag in fragment.get("tags", [])}, "tag", dotted)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "安心 Anxin 开放接口",
            "version": "1.0.0",
            "summary": "心理健康科普、心理服务目录、活动和自测的公开 JSON 接口",
            "description": (
                "安心网站的所有公开 JSON 接口，一份文档。所有接口只读（自测计分除外），无需登录，"
                '返回 UTF-8 JSON。错误统一为 {"error": {"code", "message", "parameter"}}，'
                "message 为中文说明。成功的读取带有 ETag，带 If-None-Match 再次请求时内容未变则返回 304；"
                "Cache-Control 允许浏览器缓存 60 秒、CDN 缓存 5 分钟。允许任何网站跨域读取（CORS，"
                "不带凭据）。说明和示例见 /kaifa/api/。"
            ),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": server or "/", "description": "本站"}],
        "tags": list(tags.values()),
        "paths": paths,
        "components": components,
    }
