"""The v2 endpoints: Wagtail's viewsets narrowed to what the public may see, answering
every error in the one shape (anxin/api/errors.py) with a Chinese message, always JSON.

What the public may see:
- pages: live, without a view restriction on themselves or an ancestor (whoever asks:
  a reader's password session or login does not open them here), under the root page
  of the site the request is for; the ``site`` parameter of Wagtail is not offered;
- images and documents: in collections without a view restriction (collections.py).
"""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.db.models import prefetch_related_objects
from django.http import Http404
from rest_framework.exceptions import APIException, MethodNotAllowed, NotAcceptable, NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.blocks import StreamValue
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from anxin.api.errors import error_body
from anxin.cache import pages as page_cache

from . import parameters
from .body import images_in
from .collections import restricted_collections
from .errors import ApiError
from .fields import ImageRenditionsField, prefetch_renditions
from .filters import FILTER_PARAMETERS, ObjectOrdering, PageFilter, PageOrdering

logger = logging.getLogger("django.request")
COMMON_PARAMETERS = frozenset({"fields", "order", "limit", "offset"})


class UTF8JSONRenderer(JSONRenderer):
    """JSON with Chinese as it is (not \\u escapes)."""

    ensure_ascii = False
    charset = "utf-8"


#: Wagtail's English fields-parser errors (wagtail/api/v2/utils.py) → what to write instead.
FIELDS_SYNTAX_HINTS = (
    ("nested fields", "这个字段不能用括号选子字段"),
    ("must be in the first position", "“_” 和 “*” 只能写在最前面"),
    ("cannot be negated", "“_” 和 “*” 前面不能加减号"),
    ("negated fields with '_'", "“_” 之后只能列出要的字段，不能再用减号排除"),
    ("additional fields with '*'", "“*” 之后只能用减号排除字段，不能再列出字段"),
    ("end of input", "括号没有配对"),
    ("whitespace", "字段之间不能有空格"),
    ("unexpected char", "有多余的字符或位置不对的括号、逗号"),
)


def fields_syntax_message(text: str) -> str:
    hint = next((hint for needle, hint in FIELDS_SYNTAX_HINTS if needle in text), "写法不对")
    return f"fields 参数格式有误：{hint}。请写成 title,summary 或 *,-body 这样的形式。"


def translate_bad_request(message: str) -> tuple[str, str]:
    """(Chinese message, parameter) for Wagtail's English BadRequestError texts."""
    text = str(message)
    if text.startswith("unknown fields"):
        return "fields 中有未知字段：" + text.partition(":")[2].strip(), "fields"
    if text.startswith("fields error") or "nested fields" in text:
        return fields_syntax_message(text), "fields"
    if text.startswith("offset"):
        return "offset 必须是不小于 0 的整数。", "offset"
    if text.startswith("limit cannot be higher"):
        return "limit 不能大于 {}。".format(text.rsplit(" ", 1)[-1]), "limit"
    if text.startswith("limit"):
        return "limit 必须是不小于 0 的整数。", "limit"
    if text.startswith("type"):
        return "type 不是已知的页面类型，例如 articles.ArticlePage。", "type"
    return "请求参数有误：" + text, ""


class OneErrorShapeMixin:
    """JSON only, the one error shape, and the page cache told what the answer shows."""

    renderer_classes = [UTF8JSONRenderer]
    authentication_classes: list = []  # public and anonymous: no session, no CSRF, no 401
    permission_classes = [AllowAny]
    #: What the answers of this endpoint show (anxin/cache/pages.py).
    cache_scopes: tuple[str, ...] = ()
    #: Query parameters besides COMMON_PARAMETERS.
    extra_parameters: frozenset[str] = frozenset()

    def perform_content_negotiation(self, request, force=False):
        # No ?format= override and no 406: JSON whatever the Accept header says.
        renderer = self.renderer_classes[0]()
        return renderer, renderer.media_type

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.initial_pk_check(kwargs)
        # on Django's request (DRF's wraps it): the page cache middleware reads it there
        page_cache.depends_on(getattr(request, "_request", request), *self.cache_scopes)

    def check_query_parameters(self, queryset):
        allowed = COMMON_PARAMETERS | self.extra_parameters
        unknown = sorted(set(self.request.GET.keys()) - allowed)
        if "search" in unknown:
            raise ApiError("v2 接口不提供搜索，请使用站内搜索接口 /api/v1/search。", "search")
        if unknown:
            raise ApiError(
                f"不支持的查询参数：{'、'.join(unknown)}。可用参数：{'、'.join(sorted(allowed))}。", unknown[0]
            )
        parameters.check(self.request.GET, sorted(allowed))

    def initial_pk_check(self, kwargs):
        pk = kwargs.get("pk")
        if pk is not None and not 0 < int(pk) <= parameters.ID_MAX:
            raise Http404

    def detail_view(self, request, pk):
        self.check_query_parameters(self.get_queryset())
        return super().detail_view(request, pk)

    def find_view(self, request):  # not offered
        raise Http404

    def handle_exception(self, exc):
        if isinstance(exc, ApiError):
            status, message, parameter, code = exc.status, exc.message, exc.parameter, exc.code
        elif isinstance(exc, BadRequestError):
            status, code = 400, None
            message, parameter = translate_bad_request(exc)
        elif isinstance(exc, Http404 | NotFound):
            status, message, parameter, code = 404, "没有找到这项内容，它可能已下线或不公开。", "", None
        elif isinstance(exc, MethodNotAllowed):
            status, message, parameter, code = 405, "此接口只接受 GET 请求。", "", None
        elif isinstance(exc, NotAcceptable):
            status, message, parameter, code = 406, "此接口只提供 JSON。", "", None
        elif isinstance(exc, APIException):
            status, message, parameter, code = exc.status_code, "请求无法处理。", "", None
        else:
            # Never Django's HTML error page: log it as Django would, answer in the shape.
            logger.error("Internal Server Error: %s", self.request.path, exc_info=exc)
            status, message, parameter, code = 500, "服务器出错了，请稍后再试。", "", None
        response = Response(error_body(status, message, parameter, code), status=status)
        if status == 405:
            response["Allow"] = "GET, HEAD, OPTIONS"
        return response

    @classmethod
    def get_urlpatterns(cls):
        # listing and detail only (Wagtail's find/ redirect is not offered)
        return super().get_urlpatterns()[:2]


class PublicPagesAPIViewSet(OneErrorShapeMixin, PagesAPIViewSet):
    filter_backends = [PageFilter, PageOrdering]
    extra_parameters = frozenset({"type", *FILTER_PARAMETERS})
    cache_scopes = ("articles", "events", "selfcheck", "directory", "reach")
    meta_fields = [f for f in PagesAPIViewSet.meta_fields if f not in ("locale", "alias_of")]
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "share_title", "share_summary"]

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)  # (Wagtail's removes "locale", not offered here)

    def get_base_queryset(self):
        # Built once per request: public() reads the view restrictions when it is called.
        if not hasattr(self, "_base_queryset"):
            site = Site.find_for_request(self.request)
            if site is None:
                self._base_queryset = Page.objects.none()
            else:
                self._base_queryset = Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
        return self._base_queryset

    def get_queryset(self):
        try:
            return super().get_queryset()
        except BadRequestError:
            raise ApiError("type 不是已知的页面类型，例如 articles.ArticlePage。", "type") from None

    def get_serializer(self, instance=None, *args, **kwargs):
        if kwargs.get("many"):
            instance = list(instance)
            prefetch_for_listing(instance)
        elif instance is not None:
            prefetch_for_listing([instance])
        return super().get_serializer(instance, *args, **kwargs)

    def get_object(self):
        # A page outside the public queryset is a 404, exactly like one that never existed.
        if hasattr(self, "_cached_object"):
            return self._cached_object
        try:
            pk = int(self.kwargs["pk"])
        except (TypeError, ValueError):
            raise Http404 from None
        content_type_id = self.get_base_queryset().filter(pk=pk).values_list("content_type_id", flat=True).first()
        model = ContentType.objects.get_for_id(content_type_id).model_class() if content_type_id else None
        if model is None:
            raise Http404
        # The specific page with what its api_fields point at, in one query.
        related = [
            field.name
            for field in model._meta.concrete_fields
            if field.name in PREFETCHED and field.many_to_one and not field.related_model._meta.abstract
        ]
        page = model.objects.select_related(*related).filter(pk=pk).first()
        if page is None:
            raise Http404
        self._cached_object = page
        return page


def prefetch_for_listing(objects) -> None:
    """What the api_fields of these objects read, one query per relation (not per row)."""
    if not objects:
        return
    by_model: dict[type, list] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for model, rows in by_model.items():
        names = [name for name in PREFETCHED if hasattr(model, name)]
        if names:
            prefetch_related_objects(rows, *names)
        images = [row.cover_image for row in rows if getattr(row, "cover_image_id", None)]
        if len(rows) == 1 and hasattr(model, "body") and isinstance(getattr(rows[0], "body", None), StreamValue):
            images.extend(images_in(rows[0].body))  # a detail: its body's renditions with the cover's
        prefetch_renditions(images)


PREFETCHED = ("audiences", "topics", "cover_image", "reviewer", "organizer", "campaign", "venue", "area", "audience")


class PublicImagesAPIViewSet(OneErrorShapeMixin, ImagesAPIViewSet):
    filter_backends = [ObjectOrdering]
    cache_scopes = ()  # images are "site" (every response depends on it)
    body_fields = [*ImagesAPIViewSet.body_fields, APIField("renditions", serializer=ImageRenditionsField(source="*"))]
    listing_default_fields = [*ImagesAPIViewSet.listing_default_fields, "width", "height", "renditions"]
    nested_default_fields = [*ImagesAPIViewSet.nested_default_fields, "renditions"]

    def get_queryset(self):
        return self.model.objects.exclude(collection__in=restricted_collections()).order_by("pk")

    def get_serializer(self, instance=None, *args, **kwargs):
        if kwargs.get("many"):
            instance = list(instance)
            prefetch_renditions(instance)
        return super().get_serializer(instance, *args, **kwargs)


class PublicDocumentsAPIViewSet(OneErrorShapeMixin, DocumentsAPIViewSet):
    filter_backends = [ObjectOrdering]
    cache_scopes = ()

    def get_queryset(self):
        return self.model.objects.exclude(collection__in=restricted_collections()).order_by("pk")
