"""The query parameters of the v2 endpoints: one table, read by the views (which refuse
what it does not allow, with a Chinese message naming the parameter) and by the OpenAPI
fragment (openapi.py), so the two cannot disagree."""

from __future__ import annotations

import datetime
import re

from .errors import ApiError

LIMIT_MAX = 20  # Wagtail's WAGTAILAPI_LIMIT_MAX default
OFFSET_MAX = 100_000
ID_MAX = 2_147_483_647

PAGE_TYPES = (
    "articles.ArticlePage",
    "articles.ArticleIndexPage",
    "events.EventPage",
    "events.EventIndexPage",
    "selfcheck.QuestionnairePage",
    "selfcheck.SelfCheckIndexPage",
    "home.AudiencePage",
    "home.HomePage",
)
PAGE_ORDERS = ("title", "-title", "first_published_at", "-first_published_at", "id", "-id", "start", "-start")
OBJECT_ORDERS = ("title", "-title", "created_at", "-created_at", "id", "-id")
#: ``fields`` values every page type accepts (with ``type``, that type's fields too: the
#: server accepts any Wagtail fields expression; the document lists the safe ones).
PAGE_FIELDS_EXAMPLES = ("*", "_", "title", "_,title", "title,html_url", "-title", "*,-title")
OBJECT_FIELDS_EXAMPLES = ("*", "_", "title", "_,title", "-title")
FORMATS = ("article", "handbook", "video", "toolkit")

SLUG = r"^[A-Za-z0-9_-]{1,80}$"
TOPIC = r"^[^\s\x00-\x1f\x7f]{1,100}$"
AREA = r"^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$"
DAY = r"^(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}$"
DIGITS = re.compile(r"[0-9]+")

# name: (JSON Schema, Chinese description)
SPECS: dict[str, tuple[dict, str]] = {
    "limit": (
        {"type": "integer", "minimum": 0, "maximum": LIMIT_MAX, "default": LIMIT_MAX},
        f"每页条数，0–{LIMIT_MAX}，默认 {LIMIT_MAX}。",
    ),
    "offset": (
        {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX, "default": 0},
        "跳过前多少条（分页）。",
    ),
    "fields": (
        {"type": "string", "enum": list(PAGE_FIELDS_EXAMPLES)},
        "返回哪些字段（Wagtail 语法）：`*` 全部，`_` 只要 id 和 meta，`-字段` 去掉某字段，"
        "逗号分隔；指定 type 后可用该类型的字段，如 `summary,audiences,cover`。",
    ),
    "order": (
        {"type": "string", "enum": list(PAGE_ORDERS)},
        "排序：字段名，前加 `-` 为倒序；start 仅用于活动（type=events.EventPage）。默认按站点结构顺序。",
    ),
    "type": ({"type": "string", "enum": list(PAGE_TYPES)}, "只列出这一种页面，并可使用该类型的字段和排序。"),
    "audience": (
        {"type": "string", "pattern": SLUG},
        "服务人群的英文标识（如 elders）或编号：文章、活动、测评问卷和人群专题页。",
    ),
    "topic": ({"type": "string", "pattern": TOPIC}, "文章主题的标识（文章）。"),
    "format": (
        {"type": "string", "enum": list(FORMATS)},
        "文章形式：article 文章、handbook 手册/口袋书、video 视频、toolkit 工具包。",
    ),
    "area": (
        {"type": "string", "pattern": AREA},
        "区划代码（2、4、6、9 或 12 位统计用区划代码）：该区划及其下级区划内的活动。",
    ),
    "campaign": ({"type": "string", "pattern": SLUG}, "宣传活动的标识（如 wmhd-2026）或编号：属于它的活动。"),
    "starts_after": (
        {"type": "string", "format": "date", "pattern": DAY},
        "YYYY-MM-DD（北京时间）：这一天 0 点及以后开始的活动。",
    ),
    "starts_before": (
        {"type": "string", "format": "date", "pattern": DAY},
        "YYYY-MM-DD（北京时间）：这一天 0 点以前开始的活动（与 starts_after 合用为左闭右开区间，"
        "须晚于 starts_after，否则返回 400）。",
    ),
}
OBJECT_SPECS = {
    "fields": ({"type": "string", "enum": list(OBJECT_FIELDS_EXAMPLES)}, SPECS["fields"][1].split("；")[0] + "。"),
    "order": (
        {"type": "string", "enum": list(OBJECT_ORDERS)},
        "排序：title、created_at 或 id，前加 `-` 为倒序。默认按编号。",
    ),
}


def check(params, names) -> None:
    """Refuse a value the table does not allow (400, the parameter named)."""
    for name in names:
        if name not in params:
            continue
        value = params[name]
        if name in ("limit", "offset"):
            schema = SPECS[name][0]
            if not DIGITS.fullmatch(value) or not schema["minimum"] <= int(value) <= schema["maximum"]:
                raise ApiError(f"{name} 必须是 {schema['minimum']}–{schema['maximum']} 之间的整数。", name)
        elif name == "fields":
            if not value or not value.isascii() or any(c.isspace() for c in value):
                raise ApiError("fields 不能为空，只能是逗号分隔的字段名。", "fields")
        elif name == "type":
            if value not in PAGE_TYPES:
                raise ApiError(f"type 只能是 {'、'.join(PAGE_TYPES)} 之一。", "type")
        elif name == "format":
            if value not in FORMATS:
                raise ApiError(f"format 只能是 {'、'.join(FORMATS)} 之一。", "format")
        elif name in ("audience", "campaign"):
            if not re.fullmatch(SLUG, value):
                raise ApiError(f"{name} 应为英文标识（字母、数字、- 和 _）或编号。", name)
        elif name == "topic":
            if not re.fullmatch(TOPIC, value):
                raise ApiError("topic 应为主题标识（不含空白，最多 100 个字符）。", "topic")
        elif name == "area":
            if not re.fullmatch(AREA, value):
                raise ApiError("area 必须是 2、4、6、9 或 12 位数字的区划代码。", "area")
        elif name in ("starts_after", "starts_before"):
            parse_day(value, name)


def parse_day(value: str, parameter: str) -> datetime.datetime:
    """00:00 Beijing time of the day ``value`` (YYYY-MM-DD, 1900–2099)."""
    from content.events.models.pages import SHANGHAI

    try:
        if not re.fullmatch(DAY, value):
            raise ValueError
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise ApiError(f"{parameter} 必须是 1900–2099 年间的日期，格式为 YYYY-MM-DD（北京时间）。", parameter) from None
    return datetime.datetime.combine(day, datetime.time(), tzinfo=SHANGHAI)
