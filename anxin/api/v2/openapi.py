"""The OpenAPI 3.1 fragment of the v2 API (pages, images, documents), merged into the
site's API document by its assembler: ``{"paths", "components": {"schemas",
"parameters"}, "tags"}``. Components are prefixed ``V2``; errors use the shared
``#/components/schemas/Error``. Query parameters come from parameters.py, the table the
views check requests against."""

from __future__ import annotations

from .fields import RENDITION_SPECS
from .parameters import ID_MAX, OBJECT_SPECS, PAGE_TYPES, SPECS

ERROR = {"$ref": "#/components/schemas/Error"}
PAGE_FILTERS = ("type", "audience", "topic", "format", "area", "campaign", "starts_after", "starts_before")
NULLABLE_STRING = {"type": ["string", "null"]}
STRING = {"type": "string"}
INTEGER = {"type": "integer"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def parameter_ref(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _query(name: str, spec: tuple[dict, str]) -> dict:
    schema, description = spec
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _parameters() -> dict:
    components = {f"V2{_camel(name)}": _query(name, spec) for name, spec in SPECS.items()}
    components["V2ObjectFields"] = _query("fields", OBJECT_SPECS["fields"])
    components["V2ObjectOrder"] = _query("order", OBJECT_SPECS["order"])
    components["V2Id"] = {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "编号。",
        "schema": {"type": "integer", "minimum": 1, "maximum": ID_MAX},
    }
    return components


def _obj(properties: dict, required=(), description: str = "") -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _schemas() -> dict:
    rendition = _obj({"url": {"type": "string", "format": "uri"}, "width": INTEGER, "height": INTEGER}, ("url",))
    image = _obj(
        {
            "id": INTEGER,
            "title": STRING,
            "width": INTEGER,
            "height": INTEGER,
            "renditions": _obj({spec: ref("V2Rendition") for spec in RENDITION_SPECS}),
        },
        ("id", "renditions"),
        "图片及其缩略图（绝对网址）：fill-750x420 为 16:9 封面，width-750 和 width-360 为等比缩放。",
    )
    audience = _obj({"id": INTEGER, "slug": STRING, "name": STRING}, ("slug", "name"), "服务人群。")
    choice = _obj({"value": STRING, "label": STRING}, ("value", "label"), "取值及其中文名称。")
    phone = _obj(
        {"number": STRING, "label": STRING, "href": {"type": "string", "pattern": "^tel:"}},
        ("number", "href"),
        "电话：number 供显示，href 为可拨打的 tel: 链接。",
    )
    coordinates = _obj({"latitude": {"type": "number"}, "longitude": {"type": "number"}}, ("latitude", "longitude"))
    service = _obj(
        {
            "id": INTEGER,
            "name": STRING,
            "address": STRING,
            "phones": {"type": "array", "items": ref("V2Phone")},
            "url": STRING,
            "coordinates": ref("V2Coordinates"),
        },
        ("id", "name"),
        "服务目录中的服务点（停用或未发布的不会出现）。",
    )
    block = _obj(
        {
            "type": {
                "type": "string",
                "enum": [
                    "paragraph",
                    "heading",
                    "image",
                    "quote",
                    "callout",
                    "faq",
                    "video",
                    "document",
                    "related_services",
                    "hotline",
                ],
            },
            "id": NULLABLE_STRING,
            "value": {"type": "object"},
        },
        ("type", "value"),
        "正文的一个块。value 依类型而定：paragraph {html}；heading {text, level}；image {image, alt, caption}；"
        "quote {quote, attribution}；callout {kind, title, html}；faq {title, items[{question, html}]}；"
        "video {url, title, transcript}；document {title, kind, description, document}；"
        "related_services {title, services}；hotline {name, number, href, hours, note}。html 均已净化。",
    )
    page_meta = _obj(
        {
            "type": {"type": "string", "description": "页面类型，如 articles.ArticlePage。"},
            "detail_url": {"type": "string", "format": "uri"},
            "html_url": NULLABLE_STRING,
            "slug": STRING,
            "first_published_at": {"type": ["string", "null"], "format": "date-time"},
            "show_in_menus": {"type": "boolean"},
            "seo_title": STRING,
            "search_description": STRING,
            "parent": {"anyOf": [{"type": "object"}, {"type": "null"}]},
        },
        ("type", "detail_url"),
    )
    share = {
        "share_title": {"type": "string", "maxLength": 30, "description": "分享卡片标题（最多 30 字）。"},
        "share_summary": {"type": "string", "maxLength": 54, "description": "分享卡片摘要（最多 54 字）。"},
    }
    base = {"id": INTEGER, "meta": ref("V2PageMeta"), "title": STRING}
    article = _obj(
        {
            **base,
            "summary": STRING,
            "cover": _nullable(ref("V2Image")),
            "cover_alt": STRING,
            "body": {"type": "array", "items": ref("V2BodyBlock")},
            "body_html": {"type": "string", "description": "正文的净化 HTML，可直接用于微信 rich-text 组件。"},
            "audiences": {"type": "array", "items": ref("V2Audience")},
            "topics": {"type": "array", "items": _obj({"slug": STRING, "name": STRING})},
            "format": _nullable(ref("V2Choice")),
            "reviewer": _nullable(_obj({"name": STRING, "title": STRING, "institution": STRING})),
            "reviewed_date": {"type": ["string", "null"], "format": "date"},
            "next_review_date": {"type": ["string", "null"], "format": "date"},
            "reading_time": {"type": "integer", "description": "阅读时间（分钟）。"},
            "sources": {"type": "array", "items": {"type": "object"}},
            **share,
        },
        (),  # ?fields=_ leaves out even id and meta
        "科普文章（type=articles.ArticlePage）。",
    )
    local_time = {"type": "string", "format": "date-time", "description": "北京时间，带 +08:00。"}
    event = _obj(
        {
            **base,
            "kind": _nullable(ref("V2Choice")),
            "campaign": _nullable(_obj({"id": INTEGER, "slug": STRING, "name": STRING, "year": INTEGER})),
            "start": local_time,
            "end": local_time,
            "status": {"type": "string", "enum": ["upcoming", "ongoing", "ended"]},
            "area": {
                "type": "array",
                "items": _obj({"code": STRING, "name": STRING}, ("code", "name")),
                "description": "所在区划，从省级到本级。",
            },
            "venue": _nullable(ref("V2Service")),
            "address": STRING,
            "coordinates": _nullable(ref("V2Coordinates")),
            "audiences": {"type": "array", "items": ref("V2Audience")},
            "organizer": _nullable(_obj({"id": INTEGER, "name": STRING})),
            "online_url": STRING,
            "capacity": {"type": ["integer", "null"]},
            "registration_url": STRING,
            "summary": STRING,
            "body_html": STRING,
            "reach": {"type": ["integer", "null"], "description": "服务人次（现场 + 线上），填报后才有。"},
            **share,
        },
        (),  # ?fields=_ leaves out even id and meta
        "活动（type=events.EventPage）。",
    )
    option = _obj({"label": STRING, "score": INTEGER}, ("label", "score"))
    questionnaire = _obj(
        {
            **base,
            "short_name": STRING,
            "summary": STRING,
            "audiences": {"type": "array", "items": ref("V2Audience")},
            "subject": _nullable(ref("V2Choice")),
            "minutes": INTEGER,
            "instructions": STRING,
            "answer_options": {"type": "array", "items": option},
            "questions": {
                "type": "array",
                "items": _obj(
                    {
                        "number": INTEGER,
                        "text": STRING,
                        "is_risk_item": {"type": "boolean"},
                        "options": {"type": "array", "items": option},
                    },
                    ("number", "text", "options"),
                ),
            },
            "bands": {
                "type": "array",
                "items": _obj(
                    {"min_score": INTEGER, "max_score": INTEGER, "label": STRING, "level": STRING, "html": STRING}
                ),
            },
            "sources": {"type": "array", "items": _obj({"citation": STRING, "url": STRING})},
            "licence_note": STRING,
            **share,
        },
        (),  # ?fields=_ leaves out even id and meta
        "心理测评问卷（type=selfcheck.QuestionnairePage）：题目、选项和分数段；读者的作答从不经过此接口。",
    )
    audience_page = _obj(
        {**base, "audience": _nullable(ref("V2Audience")), "intro": STRING, **share},
        (),  # ?fields=_ leaves out even id and meta
        "人群专题页（type=home.AudiencePage）。",
    )
    typed = {
        "articles.ArticlePage": "V2Article",
        "events.EventPage": "V2Event",
        "selfcheck.QuestionnairePage": "V2Questionnaire",
        "home.AudiencePage": "V2AudiencePage",
    }
    page = {
        "type": "object",
        "properties": base,
        "description": "任一页面；meta.type 指明类型，各类型的字段见对应结构。",
        "allOf": [
            {
                "if": {"properties": {"meta": {"properties": {"type": {"const": name}}}}},
                "then": ref(schema),
            }
            for name, schema in typed.items()
        ],
    }
    listing = {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {
            "meta": _obj({"total_count": INTEGER}, ("total_count",)),
            "items": {"type": "array", "items": ref("V2Page")},
        },
    }
    object_meta = _obj(
        {
            "type": STRING,
            "detail_url": {"type": "string", "format": "uri"},
            "download_url": STRING,
            "tags": {"type": "array", "items": STRING},
        },
        ("type", "detail_url"),
    )
    image_item = _obj(
        {
            "id": INTEGER,
            "meta": ref("V2ObjectMeta"),
            "title": STRING,
            "width": INTEGER,
            "height": INTEGER,
            "renditions": ref("V2Image"),
        },
        (),  # ?fields=_ leaves out even id and meta
        "公开的图片（受限合集中的图片不会出现）。",
    )
    document_item = _obj(
        {"id": INTEGER, "meta": ref("V2ObjectMeta"), "title": STRING},
        (),  # ?fields=_ leaves out even id and meta
        "公开的文件：手册、口袋书等（受限合集中的文件不会出现）。",
    )

    def listing_of(item):
        return {
            "type": "object",
            "required": ["meta", "items"],
            "properties": {
                "meta": _obj({"total_count": INTEGER}, ("total_count",)),
                "items": {"type": "array", "items": ref(item)},
            },
        }

    return {
        "V2Rendition": rendition,
        "V2Image": image,
        "V2Audience": audience,
        "V2Choice": choice,
        "V2Phone": phone,
        "V2Coordinates": coordinates,
        "V2Service": service,
        "V2BodyBlock": block,
        "V2PageMeta": page_meta,
        "V2Article": article,
        "V2Event": event,
        "V2Questionnaire": questionnaire,
        "V2AudiencePage": audience_page,
        "V2Page": page,
        "V2PageListing": listing,
        "V2ObjectMeta": object_meta,
        "V2ImageItem": image_item,
        "V2ImageListing": listing_of("V2ImageItem"),
        "V2DocumentItem": document_item,
        "V2DocumentListing": listing_of("V2DocumentItem"),
    }


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict:
    texts = {400: "参数有误（error.parameter 指明哪一个）。", 404: "没有找到，或不公开。"}
    return {str(status): _json(ERROR, texts[status]) for status in statuses}


def _operation(operation_id, summary, description, parameters, schema, statuses, tag) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "tags": [tag],
            "summary": summary,
            "description": description,
            "parameters": parameters,
            "responses": {"200": _json(schema, "成功。"), **_errors(*statuses)},
        }
    }


def openapi_fragment(request=None) -> dict:
    page_listing_parameters = [
        parameter_ref(f"V2{_camel(name)}") for name in ("fields", "order", "limit", "offset", *PAGE_FILTERS)
    ]
    object_listing_parameters = [
        parameter_ref("V2ObjectFields"),
        parameter_ref("V2ObjectOrder"),
        parameter_ref("V2Limit"),
        parameter_ref("V2Offset"),
    ]
    tag = "内容接口 v2"
    only_public = "只包含已发布、公开（无访问限制）、属于本站点的内容。"
    paths = {
        "/api/v2/pages/": _operation(
            "v2_pages_list",
            "页面列表",
            "文章、活动、测评问卷、人群专题页等页面。" + only_public + "不提供 search，请用 /api/v1/search。"
            f"type 可取：{'、'.join(PAGE_TYPES)}。",
            page_listing_parameters,
            ref("V2PageListing"),
            (400,),
            tag,
        ),
        "/api/v2/pages/{id}/": _operation(
            "v2_pages_detail",
            "页面详情",
            "一个页面的全部字段（默认）。" + only_public,
            [parameter_ref("V2Id"), parameter_ref("V2Fields")],
            ref("V2Page"),
            (400, 404),
            tag,
        ),
        "/api/v2/images/": _operation(
            "v2_images_list",
            "图片列表",
            "公开合集中的图片及其缩略图（绝对网址）。",
            object_listing_parameters,
            ref("V2ImageListing"),
            (400,),
            tag,
        ),
        "/api/v2/images/{id}/": _operation(
            "v2_images_detail",
            "图片详情",
            "一张公开图片及其缩略图。",
            [parameter_ref("V2Id"), parameter_ref("V2ObjectFields")],
            ref("V2ImageItem"),
            (400, 404),
            tag,
        ),
        "/api/v2/documents/": _operation(
            "v2_documents_list",
            "文件列表",
            "公开合集中的文件（手册、口袋书等）；受限合集中的文件从不列出。",
            object_listing_parameters,
            ref("V2DocumentListing"),
            (400,),
            tag,
        ),
        "/api/v2/documents/{id}/": _operation(
            "v2_documents_detail",
            "文件详情",
            "一个公开文件及其下载地址。",
            [parameter_ref("V2Id"), parameter_ref("V2ObjectFields")],
            ref("V2DocumentItem"),
            (400, 404),
            tag,
        ),
    }
    return {
        "paths": paths,
        "components": {"schemas": _schemas(), "parameters": _parameters()},
        "tags": [{"name": tag, "description": "面向合作方（小程序、公众号、城市门户）的 Wagtail API v2。"}],
    }
