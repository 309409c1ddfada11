from django.urls import path

import content.reference.converters  # noqa: F401  (registers <pk:…>)

from . import views

app_name = "events"

urlpatterns = [
    path("calendar/events.ics", views.feed_all, name="feed_all"),
    path("calendar/campaign/<slug:slug>.ics", views.feed_campaign, name="feed_campaign"),
    path("calendar/area/<str:code>.ics", views.feed_area, name="feed_area"),
    path("calendar/event/<pk:pk>.ics", views.event_ics, name="event_ics"),
]
