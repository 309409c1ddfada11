"""The v2 pages endpoint's own filters. Each applies to the page types that have the
field and leaves the others out of the result (``?audience=elders`` lists the articles,
events and questionnaires for elders, nothing else):

- ``audience``: an Audience's slug or id (articles, events, questionnaires, audience pages);
- ``topic``: a topic's slug (articles);
- ``format``: article, handbook, video or toolkit (articles);
- ``area``: a 2/4/6/9/12-digit division code; events in that area or any area below it;
- ``campaign``: a campaign's slug or id (events);
- ``starts_after`` / ``starts_before``: YYYY-MM-DD, Beijing time; events starting on or
  after the first day's 00:00 / before the second day's 00:00 (both: a half-open range).

Unknown values of an existing kind (an audience slug nobody uses) give an empty list; a
malformed value (``area=abc``, ``starts_after=2026-13-01``) is a 400 naming the parameter.
"""

from __future__ import annotations

from django.db.models import F, Q
from rest_framework.filters import BaseFilterBackend
from wagtail.models import Page

from .errors import ApiError
from .parameters import parse_day

FILTER_PARAMETERS = ("audience", "topic", "format", "area", "campaign", "starts_after", "starts_before")


def _models():
    from content.articles.models import ArticlePage
    from content.events.models import EventPage
    from content.home.models import AudiencePage
    from content.selfcheck.models import QuestionnairePage

    return ArticlePage, EventPage, AudiencePage, QuestionnairePage


def _pks(queryset):
    return Q(pk__in=queryset.values("pk"))


def audience_condition(value: str) -> Q:
    from content.reference.models import Audience

    ArticlePage, EventPage, AudiencePage, QuestionnairePage = _models()
    lookup = Q(slug=value) | (Q(pk=int(value)) if value.isdigit() and len(value) < 10 else Q())
    audiences = Audience.objects.filter(lookup).values("pk")
    return (
        _pks(ArticlePage.objects.filter(audiences__in=audiences))
        | _pks(EventPage.objects.filter(audiences__in=audiences))
        | _pks(QuestionnairePage.objects.filter(audiences__in=audiences))
        | _pks(AudiencePage.objects.filter(audience__in=audiences))
    )


def topic_condition(value: str) -> Q:
    ArticlePage = _models()[0]
    return _pks(ArticlePage.objects.filter(topics__slug=value))


def format_condition(value: str) -> Q:
    from content.articles.models import ArticleFormat

    if value not in ArticleFormat.values:
        raise ApiError(
            "format 只能是 {} 之一。".format("、".join(ArticleFormat.values)),
            "format",
        )
    return _pks(_models()[0].objects.filter(format=value))


def area_condition(value: str) -> Q:
    from content.reference.models import LEVEL_DIGITS, level_of, normalise_area_code

    try:
        code = normalise_area_code(value)
    except ValueError:
        raise ApiError("area 必须是 2、4、6、9 或 12 位数字的区划代码。", "area") from None
    prefix = code[: LEVEL_DIGITS[level_of(code)]]
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # codes are digits: one index range
    return _pks(_models()[1].objects.filter(area_id__gte=prefix, area_id__lt=upper))


def campaign_condition(value: str) -> Q:
    lookup = Q(campaign__slug=value) | (Q(campaign_id=int(value)) if value.isdigit() and len(value) < 10 else Q())
    return _pks(_models()[1].objects.filter(lookup))


def starts_condition(after: str | None, before: str | None) -> Q:
    events = _models()[1].objects.all()
    start = parse_day(after, "starts_after") if after else None
    end = parse_day(before, "starts_before") if before else None
    if start and end and end <= start:
        raise ApiError("starts_before 必须晚于 starts_after（不含 starts_before 当天）。", "starts_before")
    if start:
        events = events.filter(start__gte=start)
    if end:
        events = events.filter(start__lt=end)
    return _pks(events)


CONDITIONS = {
    "audience": audience_condition,
    "topic": topic_condition,
    "format": format_condition,
    "area": area_condition,
    "campaign": campaign_condition,
}


class PageFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        params = request.GET
        for name, condition in CONDITIONS.items():
            if name in params:
                value = params[name].strip()
                if not value:
                    raise ApiError(f"{name} 不能为空。", name)
                queryset = queryset.filter(condition(value))
        if "starts_after" in params or "starts_before" in params:
            queryset = queryset.filter(starts_condition(params.get("starts_after"), params.get("starts_before")))
        return queryset


ORDERINGS = {
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "first_published_at": ("first_published_at", "pk"),
    "-first_published_at": ("-first_published_at", "-pk"),
    "id": ("pk",),
    "-id": ("-pk",),
}
EVENT_ORDERINGS = {"start": ("start", "pk"), "-start": ("-start", "-pk")}


class PageOrdering(BaseFilterBackend):
    """``order``: title, first_published_at, id or start (``-`` for descending); default:
    the site's tree order. ``start`` orders the events by their start; pages that are
    not events have none (last, or first descending); for a ``type`` that is not events
    it is the default order."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order")
        if order is None:
            return queryset.order_by("path") if hasattr(queryset.model, "path") else queryset.order_by("pk")
        if order in ORDERINGS:
            return queryset.order_by(*ORDERINGS[order])
        if order in EVENT_ORDERINGS:
            EventPage = _models()[1]
            if queryset.model is EventPage:
                return queryset.order_by(*EVENT_ORDERINGS[order])
            if queryset.model is Page:
                start = F("eventpage__start")
                key = start.desc(nulls_last=True) if order.startswith("-") else start.asc(nulls_last=True)
                return queryset.order_by(key, "pk")
            return queryset.order_by("path")
        raise ApiError("order 只能是 {} 之一。".format("、".join([*ORDERINGS, *EVENT_ORDERINGS])), "order")


class ObjectOrdering(BaseFilterBackend):
    """``order`` for images and documents: title, created_at or id (``-`` descending)."""

    ORDERS = {
        "title": ("title", "pk"),
        "-title": ("-title", "-pk"),
        "created_at": ("created_at", "pk"),
        "-created_at": ("-created_at", "-pk"),
        "id": ("pk",),
        "-id": ("-pk",),
    }

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order")
        if order is None:
            return queryset.order_by("pk")
        if order not in self.ORDERS:
            raise ApiError("order 只能是 {} 之一。".format("、".join(self.ORDERS)), "order")
        return queryset.order_by(*self.ORDERS[order])
