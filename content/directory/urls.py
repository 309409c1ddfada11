from django.urls import include, path

from . import api, views

app_name = "directory"

urlpatterns = [
    path("fuwu/", views.directory_home, name="home"),
    path("fuwu/rexian/", views.hotlines_page, name="hotlines"),
    path("fuwu/<int:pk>/", views.service_detail, name="detail"),
    path("fuwu/<int:pk>/jiucuo/", views.report_mistake, name="report"),
    path("api/hsds/", include(api.urlpatterns)),
]
