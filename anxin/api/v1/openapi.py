"""The OpenAPI 3.1 fragment for our own /api/v1 endpoints (hotlines, campaigns,
self-check scoring). The assembler of the site's whole API document merges it and
defines ``#/components/schemas/Error`` (anxin/api/errors.py's shape)."""

from __future__ import annotations

from django.conf import settings

from .selfcheck import MAX_BODY_BYTES

ERROR = {"$ref": "#/components/schemas/Error"}
TAG_HOTLINES = "热线"
TAG_CAMPAIGNS = "宣传活动"
TAG_SELFCHECK = "心理测评"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(description: str, schema: dict, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _error(description: str) -> dict:
    return _json(description, ERROR)


def _not_allowed(allowed: str) -> dict:
    return _json(
        f"不支持这种请求方法（只支持 {allowed}）",
        ERROR,
        {"Allow": {"description": "支持的方法", "schema": {"type": "string"}}},
    )


def _string_or_null(description: str) -> dict:
    return {"type": ["string", "null"], "description": description}


def _schemas() -> dict:
    phone = {
        "type": "object",
        "required": ["number", "label", "href"],
        "properties": {
            "number": {"type": "string", "description": "显示用号码，如 12356、400-161-9995、010-82951332"},
            "label": {"type": "string", "description": "号码说明，如“预约电话”；可为空"},
            "href": {
                "type": "string",
                "description": "一键拨号链接，原样使用；分机号前有逗号",
                "examples": ["tel:12356"],
            },
        },
    }
    hotline = {
        "type": "object",
        "required": [
            "name",
            "crisis",
            "source",
            "is_24h",
            "open_now",
            "hours",
            "hours_note",
            "next_opening",
            "temporarily_closed",
            "illustrative",
            "phones",
            "url",
            "area_code",
        ],
        "properties": {
            "name": {"type": "string"},
            "crisis": {"type": "boolean", "description": "网站危机求助条上的热线（心理危机时优先拨打）"},
            "source": {
                "type": "string",
                "enum": ["crisis", "directory"],
                "description": "crisis：网站设置的求助热线；directory：服务目录中的热线条目",
            },
            "is_24h": {"type": "boolean", "description": "全天24小时接听"},
            "open_now": {
                "type": ["boolean", "null"],
                "description": "现在是否在服务时间内（北京时间）；没有每周时间表时为 null（以热线说明为准）",
            },
            "hours": {"type": "string", "description": "与网站热线页相同的服务时间说明，如“24小时开放”“正在开放”"},
            "hours_note": {"type": "string", "description": "补充的时间说明，如“法定节假日休息”"},
            "next_opening": {"type": "string", "description": "现在未开放时：下次开放时间，如“星期四 09:00 开放”"},
            "temporarily_closed": {"type": "boolean", "description": "暂停服务"},
            "illustrative": {"type": "boolean", "description": "演示用的示例信息，请以当地公布为准"},
            "phones": {"type": "array", "items": _ref("V1Phone")},
            "url": _string_or_null("服务目录中的详情页（绝对地址）；没有详情页时为 null"),
            "area_code": _string_or_null("所在区划代码（12 位）；全国性热线为 null"),
        },
    }
    count_or_null = {"type": ["integer", "null"], "minimum": 0}
    campaign = {
        "type": "object",
        "required": [
            "id",
            "slug",
            "name",
            "title",
            "year",
            "theme",
            "description",
            "start_date",
            "end_date",
            "targets",
            "progress",
            "url",
        ],
        "properties": {
            "id": {"type": "integer"},
            "slug": {"type": "string", "examples": ["wmhd-2025"]},
            "name": {"type": "string"},
            "title": {"type": "string", "description": "年份加名称，如“2025 世界精神卫生日”"},
            "year": {"type": "integer"},
            "theme": {"type": "string", "description": "官方主题；未确认时为空"},
            "description": {"type": "string"},
            "start_date": {"type": "string", "format": "date"},
            "end_date": {"type": "string", "format": "date"},
            "targets": {
                "type": "object",
                "required": ["events", "reach"],
                "properties": {
                    "events": {**count_or_null, "description": "目标活动场次；未设目标为 null"},
                    "reach": {**count_or_null, "description": "目标服务人次；未设目标为 null"},
                },
            },
            "progress": {
                "type": "object",
                "description": "与宣传活动页面相同：只统计已发布的公开活动（草稿和不公开的活动不计）",
                "required": ["events", "reach", "attendees", "online_views", "events_percent", "reach_percent"],
                "properties": {
                    "events": {"type": "integer", "minimum": 0, "description": "已发布的活动场次"},
                    "reach": {"type": "integer", "minimum": 0, "description": "已服务人次（现场加线上）"},
                    "attendees": {"type": "integer", "minimum": 0, "description": "其中现场人次"},
                    "online_views": {"type": "integer", "minimum": 0, "description": "其中线上观看人次"},
                    "events_percent": {**count_or_null, "description": "场次完成百分比；未设目标为 null"},
                    "reach_percent": {**count_or_null, "description": "人次完成百分比；未设目标为 null"},
                },
            },
            "url": _string_or_null("宣传活动页面（绝对地址）；网站没有活动栏目时为 null"),
        },
    }
    request_body = {
        "type": "object",
        "required": ["answers"],
        "additionalProperties": False,
        "dependentRequired": {"lat": ["lng"], "lng": ["lat"]},
        "properties": {
            "answers": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "integer", "minimum": 0},
                "description": "按题目顺序，每题所选选项的序号（0 表示第一个选项）；不是分数。"
                "题目数和每题的选项数见问卷页面",
                "examples": [[0, 1, 2, 1, 0, 0, 1, 0, 0]],
            },
            "area": {
                "type": "string",
                "description": "所在地区的区划代码（12 位），须是结果页可选的地区（测评目录的服务区域及其下一级）；"
                "不填时用服务区域",
            },
            "lat": {"type": "number", "minimum": -90, "maximum": 90, "description": "纬度（WGS-84），与 lng 同时提供"},
            "lng": {
                "type": "number",
                "minimum": -180,
                "maximum": 180,
                "description": "经度（WGS-84），与 lat 同时提供",
            },
            "audience": {"type": "string", "description": "读者所属人群的标识（slug），用于推荐文章和服务"},
        },
    }
    result = {
        "type": "object",
        "required": [
            "questionnaire",
            "score",
            "max_score",
            "band",
            "screening_note",
            "crisis",
            "crisis_message",
            "hotlines",
            "articles",
            "services",
        ],
        "properties": {
            "questionnaire": {
                "type": "object",
                "required": ["slug", "title", "short_name", "url"],
                "properties": {
                    "slug": {"type": "string"},
                    "title": {"type": "string"},
                    "short_name": {"type": "string", "examples": ["PHQ-9"]},
                    "url": _string_or_null("问卷页面（绝对地址）"),
                },
            },
            "score": {"type": "integer", "minimum": 0},
            "max_score": {"type": "integer", "minimum": 0},
            "band": {
                "type": ["object", "null"],
                "required": ["label", "min_score", "max_score", "level", "level_label", "concern", "description"],
                "properties": {
                    "label": {"type": "string", "description": "分数段名称，如“中度”"},
                    "min_score": {"type": "integer"},
                    "max_score": {"type": "integer"},
                    "level": {
                        "type": "string",
                        "enum": ["low", "mild", "moderate", "high"],
                        "description": "关注程度代码",
                    },
                    "level_label": {"type": "string", "description": "关注程度"},
                    "concern": {"type": "boolean", "description": "需要关注（建议寻求专业帮助）"},
                    "description": {"type": "string", "description": "解读（纯文本）"},
                    "description_html": {"type": "string", "description": "解读（HTML，与网页相同）"},
                },
            },
            "screening_note": {"type": "string"},
            "crisis": {
                "type": "boolean",
                "description": "在关于伤害自己的题目上选了高于 0 分的答案：请先显示 crisis_message 和热线",
            },
            "crisis_message": {"type": "string", "description": "crisis 为 true 时给读者的提示；否则为空"},
            "hotlines": {
                "type": "array",
                "items": _ref("V1Hotline"),
                "description": "与 GET /api/v1/hotlines 相同的热线（结果页总是列出热线）",
            },
            "articles": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["title", "url", "summary"],
                    "properties": {
                        "title": {"type": "string"},
                        "url": _string_or_null("文章页面（绝对地址）"),
                        "summary": {"type": "string"},
                    },
                },
            },
            "services": {
                "type": "object",
                "required": ["kinds", "location_used", "items"],
                "properties": {
                    "kinds": {"type": "array", "items": {"type": "string"}, "description": "这个分数段推荐的服务类型"},
                    "location_used": {"type": "boolean", "description": "按 lat/lng 找最近的服务（否则按地区）"},
                    "items": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["name", "url", "kind", "address", "area", "distance_km", "phones"],
                            "properties": {
                                "name": {"type": "string"},
                                "url": _string_or_null("详情页（绝对地址）"),
                                "kind": {"type": "string"},
                                "address": {"type": "string"},
                                "area": {"type": "string"},
                                "distance_km": {"type": ["number", "null"], "description": "直线距离（公里）"},
                                "phones": {"type": "array", "items": _ref("V1Phone")},
                                "illustrative": {"type": "boolean"},
                            },
                        },
                    },
                },
            },
        },
    }
    return {
        "V1Phone": phone,
        "V1Hotline": hotline,
        "V1HotlineList": {
            "type": "object",
            "required": ["hotlines"],
            "properties": {"hotlines": {"type": "array", "items": _ref("V1Hotline")}},
        },
        "V1Campaign": campaign,
        "V1CampaignList": {
            "type": "object",
            "required": ["campaigns"],
            "properties": {"campaigns": {"type": "array", "items": _ref("V1Campaign")}},
        },
        "V1SelfCheckAnswers": request_body,
        "V1SelfCheckResult": result,
    }


def openapi_fragment(request=None) -> dict:
    limit = getattr(settings, "ANXIN_SELFCHECK_RATE_LIMIT", 30)
    limit_text = f"每个客户端地址每分钟最多 {limit} 次" if limit > 0 else "目前未限制频率"
    key_param = {
        "name": "key",
        "in": "path",
        "required": True,
        "description": "宣传活动的网址标识（slug）或数字 id",
        "schema": {"type": "string", "minLength": 1, "maxLength": 80},
    }
    slug_param = {
        "name": "slug",
        "in": "path",
        "required": True,
        "description": "问卷页面的网址标识（slug），如 phq-9",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    }
    paths = {
        "/api/v1/hotlines": {
            "get": {
                "operationId": "v1ListHotlines",
                "tags": [TAG_HOTLINES],
                "summary": "心理援助热线",
                "description": "网站显示的全部热线：危机求助条上的热线（crisis 为 true）和服务目录中的热线条目"
                "（不含已停用或未发布的条目），每个号码只出现一次，24小时热线在前。"
                "开放状态按北京时间计算，与网站热线页相同。",
                "responses": {
                    "200": _json("热线列表", _ref("V1HotlineList")),
                    "405": _not_allowed("GET"),
                },
            }
        },
        "/api/v1/campaigns": {
            "get": {
                "operationId": "v1ListCampaigns",
                "tags": [TAG_CAMPAIGNS],
                "summary": "宣传活动列表",
                "description": "全部宣传活动（新的在前），含主题、日期、目标和进度；进度与宣传活动页面相同。",
                "responses": {
                    "200": _json("宣传活动列表", _ref("V1CampaignList")),
                    "405": _not_allowed("GET"),
                },
            }
        },
        "/api/v1/campaigns/{key}": {
            "get": {
                "operationId": "v1GetCampaign",
                "tags": [TAG_CAMPAIGNS],
                "summary": "一项宣传活动",
                "parameters": [key_param],
                "responses": {
                    "200": _json("宣传活动", _ref("V1Campaign")),
                    "404": _error("没有这项宣传活动"),
                    "405": _not_allowed("GET"),
                },
            }
        },
        "/api/v1/selfcheck/{slug}/score": {
            "post": {
                "operationId": "v1ScoreSelfCheck",
                "tags": [TAG_SELFCHECK],
                "summary": "计算心理测评结果（不保存）",
                "description": "提交一份问卷的答案，返回得分、分数段与解读、危机提示（伤害自己的题目选了高于 0 分的"
                "答案时 crisis 为 true，并附热线）、推荐文章和附近的服务，与网页结果页相同。"
                "答案不写入数据库、缓存或日志，响应带 Cache-Control: no-store。"
                f"请求体最多 {MAX_BODY_BYTES} 字节。频率限制：{limit_text}，超过时返回 429 和 Retry-After。"
                "这是一份筛查问卷，不是诊断。",
                "parameters": [slug_param],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("V1SelfCheckAnswers")}},
                },
                "responses": {
                    "200": _json(
                        "测评结果",
                        _ref("V1SelfCheckResult"),
                        {"Cache-Control": {"description": "总是 no-store", "schema": {"type": "string"}}},
                    ),
                    "400": _error("答案缺失、超出范围或类型不对，或地区、位置、人群无效"),
                    "404": _error("没有这份问卷"),
                    "405": _not_allowed("POST"),
                    "413": _error(f"请求体超过 {MAX_BODY_BYTES} 字节"),
                    "415": _error("请求体不是 application/json"),
                    "429": _json(
                        f"请求太频繁（{limit_text}）",
                        ERROR,
                        {"Retry-After": {"description": "多少秒后可以再试", "schema": {"type": "integer"}}},
                    ),
                },
            }
        },
    }
    return {
        "paths": paths,
        "components": {"schemas": _schemas()},
        "tags": [
            {"name": TAG_HOTLINES, "description": "心理援助热线，一键拨打"},
            {"name": TAG_CAMPAIGNS, "description": "宣传活动及其目标和进度"},
            {"name": TAG_SELFCHECK, "description": "心理测评（PHQ-9、GAD-7、EPDS 等）计分，不保存任何答案"},
        ],
    }
