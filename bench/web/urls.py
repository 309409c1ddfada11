"""The site's URLs plus a bare Django view returning a constant: the yardstick the
article page is measured against. Benchmark only, never in anxin/urls.py."""

from django.http import HttpResponse
from django.urls import path

from anxin.urls import urlpatterns as site_urlpatterns

CONSTANT = b"ok"


def constant(request):
    return HttpResponse(CONSTANT, content_type="text/plain")


urlpatterns = [path("__bench__/constant/", constant), *site_urlpatterns]
