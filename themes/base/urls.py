from django.urls import path

from . import views

urlpatterns = [
    path("mode/<str:mode>/", views.set_display_mode, name="set_display_mode"),
    path("text-size/<str:action>/", views.set_text_size, name="set_text_size"),
    path("offline/", views.offline_page, name="offline"),
    path("yinsi/", views.privacy_page, name="privacy"),
    path("kaifa/api/", views.api_page, name="api_page"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
