"""The OpenAPI description of ``GET /api/v1/suggest`` (part of ``openapi.py``'s fragment)."""

from __future__ import annotations

from . import registry
from .params import MAX_Q_CHARS
from .suggest import DEFAULT_LIMIT, MATCH_NAMES, MAX_LIMIT


def suggest_path(param, hotline: dict, error: dict) -> dict:
    kinds = list(registry.kind_names())
    suggestion = {
        "type": "object",
        "required": ["text", "kind", "field", "match", "url"],
        "properties": {
            "text": {"type": "string", "examples": ["失眠"]},
            "kind": {"type": "string", "enum": kinds},
            "kind_label": {"type": "string"},
            "field": {"type": "string", "enum": ["title", "topic"], "description": "标题或主题"},
            "match": {
                "type": "string",
                "enum": list(MATCH_NAMES),
                "description": (
                    "start：以输入开头；contains：其中某个词以输入开头；pinyin / pinyin_contains："
                    "全拼（shimian、shi mian）；initials：拼音首字母（sm）"
                ),
            },
            "count": {"type": "integer", "description": "有多少条内容带有这个标题或主题"},
            "url": {"type": "string", "description": "只有一条内容时是它的地址，否则是搜索页 /search/?q=…"},
        },
    }
    json_error = {"content": {"application/json": {"schema": error}}}
    return {
        "get": {
            "operationId": "suggest",
            "tags": ["search"],
            "summary": "输入提示：标题、主题和机构名称（支持全拼和拼音首字母）",
            "description": (
                "返回以输入开头或包含输入的标题、主题和服务机构名称，排序与搜索相同（先完全匹配，"
                "再按类型顺序和内容数量）。拼音也可以：shimian、shi mian 和 sm 都会提示“失眠”。"
                "输入带有危机意图（包括拼音，如 buxianghuole）时 crisis 为 true，并给出心理援助热线。"
            ),
            "parameters": [
                param("q", "已输入的内容", {"type": "string", "maxLength": MAX_Q_CHARS}, "shimian"),
                param("kind", "只提示一种类型", {"type": "string", "enum": kinds}),
                param(
                    "limit",
                    "最多几条",
                    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
                ),
            ],
            "responses": {
                "200": {
                    "description": "提示，最好的在前",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["query", "crisis", "hotlines", "suggestions"],
                                "properties": {
                                    "query": {"type": "string"},
                                    "crisis": {"type": "boolean"},
                                    "hotlines": {"type": "array", "items": hotline},
                                    "suggestions": {"type": "array", "items": suggestion},
                                },
                            }
                        }
                    },
                },
                "400": {"description": "参数无效（message 为中文说明）", **json_error},
                "405": {"description": "只支持 GET", **json_error},
                "414": {"description": "请求地址太长", **json_error},
                "503": {"description": "搜索暂时不可用", **json_error},
            },
        }
    }
