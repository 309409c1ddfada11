"""The /api/v2/ router: pages, images, documents (urls.py includes ``urlpatterns``)."""

from __future__ import annotations

from wagtail.api.v2.router import WagtailAPIRouter

from anxin.api.errors import api_error

from .views import PublicDocumentsAPIViewSet, PublicImagesAPIViewSet, PublicPagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi_v2")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)


def api_not_found(request, *args, **kwargs):
    return api_error(404, "没有这个接口。可用：/api/v2/pages/、/api/v2/images/、/api/v2/documents/。")
