from django.urls import path

from anxin.api import views as api_views

from . import suggest_views, views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/v1/search", views.api_search, name="search_api"),
    path("api/v1/suggest", suggest_views.api_suggest, name="suggest_api"),
    path("api/v1/openapi.json", api_views.openapi, name="search_openapi"),  # the one document
]
