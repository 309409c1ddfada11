from django.urls import path

from . import views

urlpatterns = [
    path("mode/<str:mode>/", views.set_display_mode, name="set_display_mode"),
]
