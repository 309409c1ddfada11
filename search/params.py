"""Parsing and validating search parameters (shared by the page and the JSON API)."""

from __future__ import annotations

import math
import re

from django.utils.translation import gettext as _

from . import registry
from .analysis import analyze_query
from .query import MAX_PAGE, MAX_PER_PAGE, SearchQuery

#: A query longer than this is refused (400). 500 Chinese characters percent-encode to
#: 4,500 bytes of URL, inside the 8,190-byte request line gunicorn can be set to accept;
#: only the first 200 characters are analysed anyway.
MAX_Q_CHARS = 500
#: A query string longer than this is refused (414) before anything is parsed.
MAX_QUERY_STRING_BYTES = 8_000
MAX_FILTER_VALUES = 10
MAX_VALUE_CHARS = 64
#: "lat,lng" in range (−90…90, −180…180), decimal degrees: the API's ``near``.
NEAR_PATTERN = r"^-?(90(\.0+)?|[1-8]?[0-9](\.[0-9]+)?),-?(180(\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]+)?)$"


class BadParameter(ValueError):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def _one(params, name: str) -> str:
    values = params.getlist(name)
    if len(values) > 1:
        raise BadParameter(name, _("参数 %(name)s 只能出现一次。") % {"name": name})
    return values[0] if values else ""


def kind_message() -> str:
    """ "类型只能是 article（文章）、service（服务机构）或 event（活动）。" from the registered kinds."""
    names = [f"{k.name}（{k.label}）" for k in registry.kinds()]
    if len(names) > 1:
        listed = _("%(some)s或 %(last)s") % {"some": "、".join(names[:-1]), "last": names[-1]}
    else:
        listed = "".join(names)
    return _("类型只能是 %(kinds)s。") % {"kinds": listed}


def parse_near(value: str) -> tuple[float, float] | None:
    value = (value or "").strip()
    if not value:
        return None
    parts = value.split(",")
    if len(parts) != 2:
        raise BadParameter("near", _("位置格式应为“纬度,经度”，例如 31.37,121.25。"))
    try:
        lat, lng = float(parts[0]), float(parts[1])
    except ValueError:
        raise BadParameter("near", _("位置格式应为“纬度,经度”，例如 31.37,121.25。"))
    if not (math.isfinite(lat) and math.isfinite(lng)) or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise BadParameter("near", _("纬度应在 -90 到 90 之间，经度应在 -180 到 180 之间。"))
    return lat, lng


def _positive_int(params, name: str, default: int, maximum: int, strict: bool = False) -> int:
    raw = _one(params, name)
    raw = raw if strict else raw.strip()
    if not raw:
        if name in params:  # present but empty (per_page=): not a number
            raise BadParameter(name, _("参数 %(name)s 应是正整数。") % {"name": name})
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        raise BadParameter(name, _("参数 %(name)s 应是正整数。") % {"name": name})
    value = int(raw)
    if value < 1 or value > maximum:
        raise BadParameter(name, _("参数 %(name)s 应在 1 到 %(max)d 之间。") % {"name": name, "max": maximum})
    return value


def parse_query(params, *, allow_per_page: bool = True, strict: bool = False) -> SearchQuery:
    """A SearchQuery from a QueryDict; raises BadParameter with a Chinese message.

    ``strict`` (the JSON API): every value exactly as its OpenAPI document describes it —
    no surrounding spaces, no empty filter values, ``near`` as "lat,lng" decimals. The
    page forgives those (people edit its URLs by hand)."""
    q = _one(params, "q")
    if len(q) > MAX_Q_CHARS:
        raise BadParameter("q", _("搜索内容太长了，请精简到 %(max)d 个字以内。") % {"max": MAX_Q_CHARS})
    kind = _one(params, "kind")
    kind = kind if strict else kind.strip()
    if kind == "all" or (kind == "" and not ("kind" in params and strict)):
        kind = None
    elif registry.get_kind(kind) is None:
        raise BadParameter("kind", kind_message())
    filters: dict[str, list[str]] = {}
    for name, facet in registry.facets().items():
        values = params.getlist(name) if strict else [v.strip() for v in params.getlist(name) if v.strip()]
        if len(values) > MAX_FILTER_VALUES:
            raise BadParameter(name, _("参数 %(name)s 的取值太多了。") % {"name": name})
        for v in values:
            if len(v) > MAX_VALUE_CHARS or not facet.valid(v):
                raise BadParameter(name, str(facet.invalid) or _("参数 %(name)s 的取值无效。") % {"name": name})
        if values:
            filters[name] = values
    raw_near = _one(params, "near")
    if strict and "near" in params and not re.fullmatch(NEAR_PATTERN, raw_near):
        raise BadParameter("near", _("位置格式应为“纬度,经度”，例如 31.37,121.25。"))
    near = parse_near(raw_near)
    radius = None
    raw_radius = _one(params, "radius")
    raw_radius = raw_radius if strict else raw_radius.strip()
    if strict and "radius" in params and not raw_radius:
        raise BadParameter("radius", _("距离范围应是以公里为单位的数字。"))
    if raw_radius:
        try:
            radius = float(raw_radius)
        except ValueError:
            raise BadParameter("radius", _("距离范围应是以公里为单位的数字。"))
        if not math.isfinite(radius) or not (0 < radius <= 20_000):
            raise BadParameter("radius", _("距离范围应大于 0、不超过 20000 公里。"))
        if near is None:
            raise BadParameter("radius", _("指定距离范围时需要同时提供位置 near。"))
    page = _positive_int(params, "page", 1, MAX_PAGE, strict)
    per_page = _positive_int(params, "per_page", 20, MAX_PER_PAGE, strict) if allow_per_page else 20
    return SearchQuery(
        q=q,
        kind=kind,
        filters=filters,
        near=near,
        radius_km=radius,
        page=page,
        per_page=per_page,
        plan=analyze_query(q),
    )
