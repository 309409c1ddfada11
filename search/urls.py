from django.urls import path

from . import suggest_views, views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/v1/search", views.api_search, name="search_api"),
    path("api/v1/suggest", suggest_views.api_suggest, name="suggest_api"),
    path("api/v1/openapi.json", views.api_openapi, name="search_openapi"),
]
