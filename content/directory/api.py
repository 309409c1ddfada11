"""The HSDS 3.0 read API (/api/hsds/…), following hsds-3.0/schema/openapi.json.

Plain Django views returning JSON. Lists are paginated (``page``, ``per_page`` ≤ 100)
with the HSDS Page shape (total_items, total_pages, page_number, size, first_page,
last_page, empty, contents). Only public entries appear: never drafts, never defunct.
"""

from __future__ import annotations

import functools
import math
import re
import uuid
from datetime import UTC, datetime, time

from django.db.models import Exists, OuterRef, Q
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import get_current_timezone, make_aware
from django.utils.translation import gettext as _

from anxin.api import views as api_views
from anxin.api.errors import api_error
from content.reference.models import Organization
from search.engines.base import EngineUnavailable

from .counts import cached_count
from .hsds import organization_object, service_at_location_object, service_object, taxonomy_terms, with_hsds_relations
from .models import OrganizationHsdsId, ServicePoint
from .openapi import MAX_PAGE, MAX_PER_PAGE, MAX_SEARCH_CHARS
from .queries import public_service_points, text_match_pks

DEFAULT_PER_PAGE = 20


class BadParameter(ValueError):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def json_get_only(view):
    """require_GET, answering a wrong method in the API's error shape (405, JSON)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = api_error(405, _("只支持 GET 请求。"))
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        return view(request, *args, **kwargs)

    return wrapper


def _bad(exc: ValueError) -> JsonResponse:
    return api_error(400, str(exc), getattr(exc, "parameter", ""))


def _json(data) -> JsonResponse:
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


def _positive_int(request, name: str, default: int, maximum: int) -> int:
    if name not in request.GET:
        return default
    raw = request.GET.get(name, "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 7:
        raise BadParameter(name, _("%(name)s 必须是正整数。") % {"name": name})
    value = int(raw)
    if not 1 <= value <= maximum:
        raise BadParameter(name, _("%(name)s 应在 1 到 %(max)s 之间。") % {"name": name, "max": maximum})
    return value


def _paging(request) -> tuple[int, int]:
    return (
        _positive_int(request, "page", 1, MAX_PAGE),
        _positive_int(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    )


COUNT_KEY_PARAMS = ("search", "taxonomy_term_id", "organization_id", "modified_after")


def _page(queryset, request, build) -> JsonResponse:
    try:
        page, per_page = _paging(request)
    except BadParameter as exc:
        return _bad(exc)
    # Exact, and counted once per change of the directory (see counts.py).
    filters = [f"{name}={request.GET.get(name, '').strip()}" for name in COUNT_KEY_PARAMS]
    total = cached_count(queryset, request.path, *filters)
    start = (page - 1) * per_page
    rows = []
    if start < total:
        # Page through narrow keys (an index walk even deep into the list), then read the
        # page's rows with their relations.
        keys = list(queryset.values_list("pk", flat=True)[start : start + per_page])
        by_pk = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=keys)}
        rows = [by_pk[key] for key in keys if key in by_pk]
    contents = [c for c in (build(r) for r in rows) if c is not None]
    total_pages = math.ceil(total / per_page) if total else 0
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _filter_services(request, qs):
    """search, taxonomy_term_id, organization_id, modified_after (BadParameter on bad input).

    A parameter that is present must be what the OpenAPI document says, empty included."""
    if text := _search_text(request):
        # the best TEXT_MATCHES matches from the site's search index, never a LIKE scan
        qs = qs.filter(pk__in=text_match_pks(text))
    if "taxonomy_term_id" in request.GET:
        qs = qs.filter(_term_q(request.GET["taxonomy_term_id"]))
    if "organization_id" in request.GET:
        org_id = _uuid(request.GET["organization_id"], "organization_id")
        qs = qs.filter(organization__hsds_id__hsds_id=org_id)
    if "modified_after" in request.GET:
        qs = _modified_after(qs, request.GET["modified_after"])
    return qs


def _modified_after(qs, text: str):
    message = _("modified_after 应为 ISO 8601 日期或时间，例如 2025-09-01 或 2025-09-01T08:00:00+08:00。")
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)):
            moment = datetime.combine(day, time.min)
    except ValueError:  # well-formed but impossible (2025-02-30, +25:00)
        moment = None
    if moment is None:
        raise BadParameter("modified_after", message)
    try:
        if moment.tzinfo is None:
            moment = make_aware(moment, get_current_timezone())
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        # Before year 1 or after 9999 once in UTC: everything, or nothing, was modified after it.
        return qs if moment.year < 5000 else qs.none()
    return qs.filter(updated_at__gte=moment)


def _search_text(request) -> str:
    raw = request.GET.get("search", "")
    if len(raw) > MAX_SEARCH_CHARS:
        raise BadParameter("search", _("search 最多 %(max)s 个字符。") % {"max": MAX_SEARCH_CHARS})
    # NUL cannot reach PostgreSQL; no name holds one either.
    return raw.replace("\x00", "").strip()


def _uuid(value: str, parameter: str = "id") -> uuid.UUID:
    try:
        if not re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", value):
            raise ValueError(value)  # uuid.UUID also takes braces, "urn:uuid:" and no hyphens
        return uuid.UUID(value)
    except ValueError:
        raise BadParameter(parameter, _("不是有效的 UUID：%(value)s") % {"value": value[:100]})


def _term_q(term_id: str) -> Q:
    """Services carrying the attribute with this taxonomy term id (our taxonomies)."""
    wanted = str(_uuid(term_id, "taxonomy_term_id"))
    for t in taxonomy_terms():
        if t["id"] == wanted:
            taxonomy, code = t["taxonomy"], t["code"]
            # EXISTS for the many-to-many terms: no join, so no DISTINCT and no duplicates
            through_audience = ServicePoint.audiences.through.objects.filter(
                servicepoint_id=OuterRef("pk"), audience__slug=code
            )
            through_offered = ServicePoint.services_offered.through.objects.filter(
                servicepoint_id=OuterRef("pk"), serviceoffered__slug=code
            )
            return {
                "anxin-service-kind": Q(kind=code),
                "anxin-audience": Q(Exists(through_audience)),
                "anxin-service-offered": Q(Exists(through_offered)),
                "anxin-fee": Q(fee=code),
                "anxin-booking": Q(booking=code),
                "anxin-flag": Q(is_illustrative=True),
            }[taxonomy]
    return Q(pk__in=[])


def _services_queryset(request):
    qs = _filter_services(request, public_service_points())
    return with_hsds_relations(qs.order_by("updated_at", "id"))


@json_get_only
def api_root(request):
    return _json(
        {
            "version": "3.0",
            "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
            "this_api_openapi_url": request.build_absolute_uri(reverse("api_openapi")),
        }
    )


@json_get_only
def services(request):
    try:
        qs = _services_queryset(request)
    except BadParameter as exc:
        return _bad(exc)
    except EngineUnavailable:  # the search index cannot answer ``search`` (logged once by search.index)
        return api_error(503, _("搜索暂时不可用，请稍后再试。"), code="search_unavailable")
    return _page(qs, request, service_object)


@json_get_only
def service_detail(request, pk: str):
    try:
        key = _uuid(pk)
    except ValueError as exc:
        return api_error(404, exc.message)
    sp = with_hsds_relations(public_service_points()).filter(uuid=key).first()
    if sp is None:
        return api_error(404, _("没有这个服务。"))
    return _json(service_object(sp))


def _public_orgs():
    has_public = ServicePoint.objects.public().filter(organization=OuterRef("pk"))
    return Organization.objects.filter(Exists(has_public)).select_related("hsds_id").order_by("name", "pk")


@json_get_only
def organizations(request):
    qs = _public_orgs()
    try:
        text = _search_text(request)
    except BadParameter as exc:
        return _bad(exc)
    if text:
        qs = qs.filter(name__icontains=text)
    return _page(qs, request, organization_object)


@json_get_only
def organization_detail(request, pk: str):
    try:
        key = _uuid(pk)
    except ValueError as exc:
        return api_error(404, exc.message)
    link = OrganizationHsdsId.objects.filter(hsds_id=key).first()
    org = _public_orgs().filter(pk=link.organization_id).first() if link else None
    if org is None:
        return api_error(404, _("没有这个机构。"))
    data = organization_object(org)
    if request.GET.get("full_service", "").lower() == "true":
        qs = with_hsds_relations(public_service_points().filter(organization=org).order_by("id"))[:MAX_PER_PAGE]
        data["services"] = [service_object(sp) for sp in qs]
    return _json(data)


@json_get_only
def service_at_locations(request):
    try:
        qs = _services_queryset(request)
    except BadParameter as exc:
        return _bad(exc)
    except EngineUnavailable:
        return api_error(503, _("搜索暂时不可用，请稍后再试。"), code="search_unavailable")
    qs = qs.exclude(Q(address="") & Q(latitude__isnull=True) & Q(accessibility=""))
    return _page(qs, request, service_at_location_object)


@json_get_only
def service_at_location_detail(request, pk: str):
    """Our entries have one location each, so a service_at_location shares its service's id."""
    try:
        key = _uuid(pk)
    except ValueError as exc:
        return api_error(404, exc.message)
    sp = with_hsds_relations(public_service_points()).filter(uuid=key).first()
    sal = service_at_location_object(sp) if sp is not None else None
    if sal is None:
        return api_error(404, _("没有这个服务地点。"))
    return _json(sal)


urlpatterns = [
    path("", api_root, name="hsds_root"),
    path("openapi.json", api_views.openapi, name="hsds_openapi"),  # the one document of all APIs
    path("services", services, name="hsds_services"),
    path("services/<str:pk>", service_detail, name="hsds_service"),
    path("organizations", organizations, name="hsds_organizations"),
    path("organizations/<str:pk>", organization_detail, name="hsds_organization"),
    path("service_at_locations", service_at_locations, name="hsds_service_at_locations"),
    path("service_at_locations/<str:pk>", service_at_location_detail, name="hsds_service_at_location"),
]
