"""Our HSDS read API's part of the site's one OpenAPI 3.1 document (anxin/api/openapi.py
assembles it; served at /api/openapi.json, and at /api/hsds/openapi.json as before).

It describes what /api/hsds/ really accepts and answers (the subset of Open Referral's
hsds-3.0/schema/openapi.json we serve: services, organizations, service_at_locations),
with the error shape every JSON API of the site shares."""

from __future__ import annotations

from anxin.api.openapi import ERROR_REF

MAX_PAGE = 1_000_000
MAX_PER_PAGE = 100
MAX_SEARCH_CHARS = 200


def openapi_fragment(request=None) -> dict:
    error = ERROR_REF

    def query(name, description, schema):
        return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}

    def json_response(description, schema):
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    paging = [
        query("page", "页码（从 1 开始）", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
        query("per_page", "每页条数", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20}),
    ]
    search = query(
        "search", f"按名称等文字查找，最多 {MAX_SEARCH_CHARS} 个字符", {"type": "string", "maxLength": MAX_SEARCH_CHARS}
    )
    service_filters = [
        search,
        query("taxonomy_term_id", "带有这个分类词（taxonomy_term id）的服务", {"type": "string", "format": "uuid"}),
        query("organization_id", "这个机构的服务", {"type": "string", "format": "uuid"}),
        query(
            "modified_after",
            "只列出此后修改过的服务：ISO 8601 日期（2025-09-01，北京时间零点）或时间（2025-09-01T08:00:00+08:00）",
            {"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]},
        ),
    ]
    thing = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    service = {
        "type": "object",
        "required": ["id", "name", "status"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "name": {"type": "string"},
            "status": {"type": "string"},
        },
    }
    organization = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}},
    }

    def page_of(item):
        return {
            "type": "object",
            "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"],
            "properties": {
                "total_items": {"type": "integer", "minimum": 0},
                "total_pages": {"type": "integer", "minimum": 0},
                "page_number": {"type": "integer", "minimum": 1},
                "size": {"type": "integer", "minimum": 0},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
                "contents": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
            },
        }

    def listing(operation_id, summary, item, parameters):
        return {
            "get": {
                "operationId": operation_id,
                "tags": ["hsds"],
                "summary": summary,
                "parameters": parameters,
                "responses": {
                    "200": json_response("一页结果（HSDS Page）", page_of(item)),
                    "400": json_response("参数无效", error),
                    "503": json_response("搜索暂时不可用（search 参数）或系统繁忙，请稍后再试", error),
                },
            }
        }

    def detail(operation_id, summary, item, parameters=()):
        return {
            "get": {
                "operationId": operation_id,
                "tags": ["hsds"],
                "summary": summary,
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}},
                    *parameters,
                ],
                "responses": {
                    "200": json_response(summary, {"$ref": f"#/components/schemas/{item}"}),
                    "404": json_response("没有这一项（或 id 不是 UUID）", error),
                },
            }
        }

    return {
        "tags": [
            {
                "name": "hsds",
                "description": (
                    "公开的心理服务目录，按 Open Referral HSDS 3.0 的格式（服务、机构、服务地点）。"
                    "只列出公开的条目：从不包括草稿和已撤销的服务。"
                ),
                "externalDocs": {"url": "https://docs.openreferral.org/en/latest/hsds/", "description": "HSDS 3.0"},
            }
        ],
        "components": {
            "schemas": {
                "HsdsService": service,
                "HsdsOrganization": organization,
                "HsdsServiceAtLocation": thing,
            }
        },
        "paths": {
            "/api/hsds/": {
                "get": {
                    "operationId": "hsds_root",
                    "tags": ["hsds"],
                    "summary": "API 版本与 HSDS 规范的位置",
                    "responses": {
                        "200": json_response(
                            "版本",
                            {"type": "object", "required": ["version"], "properties": {"version": {"type": "string"}}},
                        )
                    },
                }
            },
            "/api/hsds/services": listing("hsds_services", "服务列表", "HsdsService", [*service_filters, *paging]),
            "/api/hsds/services/{id}": detail("hsds_service", "一个服务", "HsdsService"),
            "/api/hsds/organizations": listing("hsds_organizations", "机构列表", "HsdsOrganization", [search, *paging]),
            "/api/hsds/organizations/{id}": detail(
                "hsds_organization",
                "一个机构",
                "HsdsOrganization",
                [
                    query(
                        "full_service",
                        "true：同时给出它的服务（最多 100 个）",
                        {"type": "string", "enum": ["true", "false"]},
                    )
                ],
            ),
            "/api/hsds/service_at_locations": listing(
                "hsds_service_at_locations", "服务地点列表", "HsdsServiceAtLocation", [*service_filters, *paging]
            ),
            "/api/hsds/service_at_locations/{id}": detail(
                "hsds_service_at_location", "一个服务地点", "HsdsServiceAtLocation"
            ),
        },
    }
