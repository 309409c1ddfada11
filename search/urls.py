from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/v1/search", views.api_search, name="search_api"),
    path("api/v1/openapi.json", views.api_openapi, name="search_openapi"),
]
