"""The site's URLs plus one that fails, to show the 500 page in the browser tests."""

from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from anxin.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("e2e: a deliberate server error to show the 500 page")


urlpatterns = [
    path("__e2e__/500/", fail),
    # Media as a front-end web server would serve it in production.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
