"""/api/v1 endpoints of our own (wired from anxin/urls.py before Wagtail's catch-all).
The search API's /api/v1/search, /api/v1/suggest and /api/v1/openapi.json live in
search/urls.py."""

from django.urls import path, re_path

from . import campaigns, hotlines, selfcheck

app_name = "api_v1"
urlpatterns = [
    path("api/v1/hotlines", hotlines.hotlines_view, name="hotlines"),
    path("api/v1/campaigns", campaigns.campaign_list, name="campaigns"),
    # any segment, even empty: an unknown one gets the JSON 404, not the site's HTML page
    re_path(r"^api/v1/campaigns/(?P<key>[^/]*)$", campaigns.campaign_detail, name="campaign"),
    re_path(r"^api/v1/selfcheck/(?P<slug>[^/]*)/score$", selfcheck.score_view, name="selfcheck_score"),
]
