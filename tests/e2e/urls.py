"""The site's URLs plus one that fails, to show the 500 page in the browser tests."""

from django.urls import path

from anxin.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("e2e: a deliberate server error to show the 500 page")


urlpatterns = [path("__e2e__/500/", fail), *site_urlpatterns]
