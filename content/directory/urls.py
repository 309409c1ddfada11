from django.urls import include, path

import content.reference.converters  # noqa: F401  (registers <pk:…>)

from . import api, views

app_name = "directory"

urlpatterns = [
    path("fuwu/", views.directory_home, name="home"),
    path("fuwu/rexian/", views.hotlines_page, name="hotlines"),
    path("fuwu/<pk:pk>/", views.service_detail, name="detail"),
    path("fuwu/<pk:pk>/jiucuo/", views.report_mistake, name="report"),
    path("api/hsds/", include(api.urlpatterns)),
]
