from django.urls import include, path

import content.reference.converters  # noqa: F401  (registers <pk:…> and <area:…>)

from . import api, print_views, views

app_name = "directory"

urlpatterns = [
    path("fuwu/", views.directory_home, name="home"),
    path("fuwu/rexian/", views.hotlines_page, name="hotlines"),
    path("fuwu/rexian/haibao/", print_views.hotline_poster, name="hotline_poster"),
    path("fuwu/quyu/<area:code>/dayin/", print_views.area_print, name="area_print"),
    path("fuwu/<pk:pk>/", views.service_detail, name="detail"),
    path("fuwu/<pk:pk>/jiucuo/", views.report_mistake, name="report"),
    path("fuwu/<pk:pk>/dayin/", print_views.service_print, name="print"),
    path("api/hsds/", include(api.urlpatterns)),
]
