"""The search and suggest APIs' part of the site's one OpenAPI 3.1 document
(anxin/api/openapi.py assembles it; served at /api/openapi.json)."""

from __future__ import annotations

from anxin.api.openapi import ERROR_REF, error_response

from . import registry
from .engines.loading import ALIASES
from .openapi_suggest import suggest_path
from .params import MAX_FILTER_VALUES, MAX_Q_CHARS, MAX_QUERY_STRING_BYTES, MAX_VALUE_CHARS, NEAR_PATTERN
from .query import MAX_PAGE, MAX_PER_PAGE


def facet_parameters(param, multi) -> list[dict]:
    """One repeatable query parameter per registered facet (values as ``Facet.valid`` accepts)."""
    out = []
    for name, facet in registry.facets().items():
        pattern = facet.hierarchy.pattern if facet.hierarchy is not None else facet.pattern
        items = {**multi["items"], "pattern": pattern}
        schema = {**multi, "items": items}
        out.append(param(name, str(facet.help or facet.label), schema, explode=True))
    return out


def openapi_fragment(request=None) -> dict:
    KINDS = registry.kind_names()
    string_list = {"type": "array", "items": {"type": "string"}}
    phone = {
        "type": "object",
        "required": ["number", "tel"],
        "properties": {
            "number": {"type": "string", "description": "显示用号码，如 010-82951332、12356"},
            "label": {"type": "string"},
            "tel": {"type": "string", "description": "href 去掉 tel: 前缀：数字（可有前导 +），分机号前有逗号"},
            "href": {"type": "string", "description": "拨号链接，原样使用", "examples": ["tel:02139590800,123"]},
        },
    }
    hotline = {
        "type": "object",
        "required": ["name", "number", "tel"],
        "properties": {
            "name": {"type": "string"},
            "number": {"type": "string"},
            "tel": {"type": "string"},
            "href": {"type": "string"},
            "hours": {"type": "string"},
            "is_24h": {"type": "boolean"},
        },
    }
    facet_value = {
        "type": "object",
        "properties": {"value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer"}},
    }
    result = {
        "type": "object",
        "required": ["id", "kind", "title", "url", "phones", "distance_km", "partial", "reason"],
        "properties": {
            "id": {"type": "string", "examples": ["service:345"]},
            "kind": {"type": "string", "enum": list(KINDS)},
            "title": {"type": "string"},
            "url": {"type": "string"},
            "summary": {"type": "string"},
            "highlight": {
                "type": "object",
                "description": "已转义的 HTML，命中的词用 <mark> 标出",
                "properties": {"title": {"type": "string"}, "snippet": {"type": "string"}},
            },
            "phones": {"type": "array", "items": {"$ref": "#/components/schemas/SearchPhone"}},
            "distance_km": {
                "type": ["number", "null"],
                "description": "与 near 的直线距离（公里）；没有 near 或没有位置时为 null",
            },
            "location": {
                "type": ["object", "null"],
                "properties": {"lat": {"type": "number"}, "lng": {"type": "number"}},
            },
            "date": {"type": ["string", "null"], "format": "date-time"},
            "audiences": string_list,
            "topics": string_list,
            "areas": string_list,
            "payload": {"type": "object", "additionalProperties": True},
            "partial": {
                "type": "boolean",
                "description": "只匹配了部分关键词（不是全部）。完全匹配的结果排在前面；"
                "完全匹配的结果不足一页时，才会列出匹配了除一个以外全部关键词的结果",
            },
            "reason": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "required": ["facet", "value", "label", "text"],
                        "properties": {
                            "facet": {"type": "string", "examples": ["audience"]},
                            "value": {"type": "string", "examples": ["perinatal"]},
                            "label": {"type": "string", "examples": ["孕产妇"]},
                            "text": {"type": "string", "examples": ["为孕产妇提供服务的机构"]},
                        },
                    },
                ],
                "description": "这条结果为什么出现：查询提到的病症或情况（如“产后抑郁”）属于某个人群等分面值，"
                "结果本身没有包含全部关键词，但有这个分面值（如适合人群“孕产妇”）。"
                "这类结果排在完全匹配的结果之后、部分匹配的结果之前；其他结果为 null",
            },
        },
    }
    error = ERROR_REF
    hotline_ref = {"$ref": "#/components/schemas/SearchHotline"}
    result_ref = {"$ref": "#/components/schemas/SearchResult"}

    def param(name, description, schema, example=None, explode=False):
        p = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
        if example is not None:
            p["example"] = example
        if explode:
            p["explode"] = True
            p["style"] = "form"
        return p

    slug = {"type": "string", "minLength": 1, "maxLength": MAX_VALUE_CHARS, "pattern": r"^[\w.:-]+$"}
    multi = {"type": "array", "items": slug, "maxItems": MAX_FILTER_VALUES}
    return {
        "tags": [
            {
                "name": "search",
                "description": (
                    "搜索心理健康科普文章、心理服务机构和活动，以及输入提示。查询先做繁简转换、全角转半角和中文分词，"
                    "并扩展领域同义词（例如 睡不着 ↔ 失眠）。查询带有危机意图（如 不想活了）时，"
                    "响应中 crisis 为 true，hotlines 给出心理援助热线，请把它们显示在所有结果之前。"
                ),
            }
        ],
        "components": {
            "schemas": {"SearchPhone": phone, "SearchHotline": hotline, "SearchResult": result},
        },
        "paths": {
            "/api/v1/search": {
                "get": {
                    "operationId": "search",
                    "tags": ["search"],
                    "summary": "搜索文章、服务机构和活动",
                    "parameters": [
                        param(
                            "q",
                            f"搜索词，最多 {MAX_Q_CHARS} 个字符（只分析前 200 个字）",
                            {"type": "string", "maxLength": MAX_Q_CHARS},
                            "睡不着",
                        ),
                        param("kind", "只看一种类型", {"type": "string", "enum": ["all", *KINDS]}),
                        *facet_parameters(param, multi),
                        param(
                            "near",
                            "“纬度,经度”（WGS-84）；给出时有位置的结果按距离由近到远排列",
                            {"type": "string", "pattern": NEAR_PATTERN},
                            "31.37,121.25",
                        ),
                        param(
                            "radius",
                            "只看 near 周围多少公里以内（大于 0，最多 20000）；须同时给出 near",
                            {"type": "number", "exclusiveMinimum": 0, "maximum": 20_000},
                        ),
                        param("page", "页码", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
                        param(
                            "per_page",
                            "每页条数",
                            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
                        ),
                    ],
                    "responses": {
                        "200": {
                            "description": "搜索结果",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["crisis", "hotlines", "total", "results"],
                                        "properties": {
                                            "query": {"type": "string"},
                                            "crisis": {"type": "boolean"},
                                            "hotlines": {"type": "array", "items": hotline_ref},
                                            "total": {"type": "integer"},
                                            "total_relation": {
                                                "type": "string",
                                                "enum": ["eq", "gte"],
                                                "description": "gte：匹配超过 500 条，total 是下限",
                                            },
                                            "page": {"type": "integer"},
                                            "per_page": {"type": "integer"},
                                            "num_pages": {"type": "integer"},
                                            "counts": {
                                                "type": "object",
                                                "description": "各类型的结果数（不受 kind 筛选影响）",
                                                "additionalProperties": {"type": "integer"},
                                            },
                                            "facets": {
                                                "type": "object",
                                                "additionalProperties": {"type": "array", "items": facet_value},
                                            },
                                            "engine": {"type": "string", "enum": list(ALIASES)},
                                            "searched_as": {
                                                "type": "string",
                                                "description": "拼音查询无结果时改搜的词（shimian → 失眠）",
                                            },
                                            "results": {"type": "array", "items": result_ref},
                                        },
                                    }
                                }
                            },
                        },
                        "400": error_response("参数无效（message 为中文说明）"),
                        "405": error_response("只支持 GET"),
                        "414": error_response(f"请求地址的查询部分超过 {MAX_QUERY_STRING_BYTES} 字节"),
                        "503": error_response("搜索暂时不可用"),
                    },
                }
            },
            "/api/v1/suggest": suggest_path(param, hotline_ref, error),
        },
    }
