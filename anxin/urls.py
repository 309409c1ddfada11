from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from .api import views as api_views
from .api.v2.router import api_not_found, api_router
from .sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"}, name="sitemap-index"
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/openapi.json", api_views.openapi, name="api_openapi"),
    # Wagtail API v2 for partners (anxin/api/v2): before the page tree's catch-all.
    path("api/v2/", api_router.urls),
    re_path(r"^api/v2/", api_not_found),  # anything else under /api/v2/: a JSON 404, not HTML
    path("", include("search.urls")),
    path("", include("anxin.api.v1.urls")),
    path("", include("content.directory.urls")),
    path("", include("content.events.urls")),
    path("", include("content.articles.urls")),
    path("", include("content.selfcheck.urls")),
    path("", include("themes.base.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# After every API: any other /api/... address is a JSON 404 (anxin/api), not a Wagtail page.
urlpatterns += [re_path(r"^api/", api_views.not_found), path("", include(wagtail_urls))]
