"""``GET /api/v1/campaigns`` and ``GET /api/v1/campaigns/<slug-or-id>``: campaigns with
their theme, dates, targets and progress, as the campaign page
(``EventIndexPage`` route ``campaign/<slug>/``, content/events/models/routes.py) shows
them: events held and people reached are the report figures of the campaign's live,
public events (``reach_totals``), so draft and private events never count, as on the
page; the percentages are the page's own.
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from wagtail.models import Site

from anxin.api.errors import api_error
from anxin.cache import pages as page_cache
from content.events.models import Campaign, EventIndexPage
from content.events.models.routes import _percent
from content.events.queries import live_events, reach_totals

from .common import absolute, json_response, method_not_allowed

#: What the campaign page depends on: the campaigns and events, and the report figures.
SCOPES = ("events", "reach")


def _index_page(request):
    """The events index of the site asked (campaign pages are its routes), or None."""
    site = Site.find_for_request(request)
    pages = EventIndexPage.objects.live().public().order_by("path")
    if site is not None:
        in_site = pages.in_site(site).first()
        if in_site is not None:
            return in_site
    return pages.first()


def _events(index):
    return index._events() if index is not None else live_events()


def _campaign_url(request, index, campaign) -> str | None:
    if index is None:
        return None
    url = index.get_url(request)
    if not url:
        return None
    return absolute(request, url + index.reverse_subpage("campaign", args=[campaign.slug]))


def _progress(campaign, totals: dict) -> dict:
    events, reach = totals.get("events") or 0, totals.get("reach") or 0
    return {
        "events": events,
        "reach": reach,
        "attendees": totals.get("attendees") or 0,
        "online_views": totals.get("online_views") or 0,
        "events_percent": _percent(events, campaign.target_events),
        "reach_percent": _percent(reach, campaign.target_reach),
    }


def _item(request, index, campaign, totals: dict) -> dict:
    return {
        "id": campaign.pk,
        "slug": campaign.slug,
        "name": campaign.name,
        "title": str(campaign),
        "year": campaign.year,
        "theme": campaign.theme,
        "description": campaign.description,
        "start_date": campaign.start_date.isoformat(),
        "end_date": campaign.end_date.isoformat(),
        "targets": {"events": campaign.target_events, "reach": campaign.target_reach},
        "progress": _progress(campaign, totals),
        "url": _campaign_url(request, index, campaign),
    }


def _totals_by_campaign(index) -> dict[int, dict]:
    """``reach_totals`` for every campaign at once (one grouped aggregate)."""
    rows = (
        _events(index)
        .filter(campaign__isnull=False)
        .order_by()
        .values("campaign_id")
        .annotate(
            events=Count("pk"),
            reach=Sum("report_reach", default=0),
            attendees=Sum("report_attendees", default=0),
            online_views=Sum("report_online_views", default=0),
        )
    )
    return {row["campaign_id"]: row for row in rows}


def campaign_list(request):
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(("GET", "HEAD"))
    page_cache.depends_on(request, *SCOPES)
    index = _index_page(request)
    totals = _totals_by_campaign(index)
    campaigns = [
        _item(request, index, c, totals.get(c.pk, {})) for c in Campaign.objects.order_by("-year", "-start_date", "pk")
    ]
    return json_response({"campaigns": campaigns})


def _find(key: str) -> Campaign | None:
    campaign = Campaign.objects.filter(slug=key).first()
    if campaign is None and key.isascii() and key.isdigit() and len(key) <= 18:
        campaign = Campaign.objects.filter(pk=int(key)).first()
    return campaign


def campaign_detail(request, key: str):
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(("GET", "HEAD"))
    page_cache.depends_on(request, *SCOPES)
    campaign = _find(key)
    if campaign is None:
        return api_error(404, _("没有找到这项宣传活动。"), parameter="campaign")
    index = _index_page(request)
    totals = reach_totals(_events(index).filter(campaign=campaign))
    return json_response(_item(request, index, campaign, totals))
