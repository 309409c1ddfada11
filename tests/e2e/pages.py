"""Every public page type the browser tests visit, and how to find one in the demo.

Other engineers: add your page types here. A finder runs inside the e2e server's
Django (after the demo is loaded) and returns a path, or None when the app or its
demo content has not landed yet (the tests for that type then skip and say so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone


@dataclass(frozen=True)
class PageType:
    name: str
    find: Callable[[], str | None]
    status: int = 200


def model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def first_page(label: str):
    page_model = model(label)
    if page_model is None:
        return None
    return page_model.objects.live().public().order_by("path").first()


def page_url(label: str) -> Callable[[], str | None]:
    def find():
        page = first_page(label)
        return page.get_url() if page else None

    return find


def route_url(label: str, route: str, args: Callable[[], list | None] = lambda: []) -> Callable[[], str | None]:
    def find():
        page = first_page(label)
        route_args = args()
        if page is None or route_args is None:
            return None
        try:
            return page.get_url() + page.reverse_subpage(route, args=route_args).lstrip("/")
        except NoReverseMatch:
            return None

    return find


def named_url(*names: str, args: Callable[[], list | None] = lambda: [], query: str = "") -> Callable[[], str | None]:
    def find():
        url_args = args()
        if url_args is None:
            return None
        for name in names:
            try:
                return reverse(name, args=url_args) + query
            except NoReverseMatch:
                continue
        return None

    return find


def first_value(label: str, field: str, **filters) -> Callable[[], list | None]:
    def find():
        found = model(label)
        if found is None:
            return None
        value = found.objects.filter(**filters).order_by("pk").values_list(field, flat=True).first()
        return None if value is None else [value]

    return find


def object_url(label: str, **filters) -> Callable[[], str | None]:
    def find():
        found = model(label)
        obj = found.objects.filter(**filters).order_by("pk").first() if found else None
        return obj.get_url() if obj else None

    return find


def township_of_a_room() -> list | None:
    """The township (12 digits) of the first public consultation room, for its print page."""
    found = model("directory.ServicePoint")
    code = (
        found.objects.filter(is_public=True, kind="consultation_room")
        .exclude(area_code="")
        .order_by("pk")
        .values_list("area_code", flat=True)
        .first()
        if found
        else None
    )
    return [code[:9] + "000"] if code else None


def event_print() -> str | None:
    page = first_page("events.EventPage")
    return page.get_url() + "dayin/" if page else None


def this_month() -> list:
    return [timezone.localdate().strftime("%Y-%m")]


PAGE_TYPES: list[PageType] = [
    PageType("home", lambda: "/"),
    PageType("article", page_url("articles.ArticlePage")),
    PageType("article index", page_url("articles.ArticleIndexPage")),
    PageType("audience", page_url("home.AudiencePage")),
    PageType(
        "topic", route_url("articles.ArticleIndexPage", "topic", first_value("articles.ArticleTopic", "tag__slug"))
    ),
    PageType("topics", route_url("articles.ArticleIndexPage", "topics")),
    PageType("directory home", named_url("directory:home")),
    PageType("service detail", object_url("directory.ServicePoint", live=True)),
    PageType("hotline detail", object_url("directory.ServicePoint", live=True, kind="hotline", is_24_7=False)),
    PageType("local service detail", object_url("directory.ServicePoint", live=True, kind="consultation_room")),
    PageType("hotline entry", object_url("directory.ServicePoint", live=True, kind="hotline")),
    PageType("hotlines", named_url("directory:hotlines")),
    PageType("offline hotlines", named_url("offline")),
    PageType("search", named_url("search:search", "search", "search:results", query="?q=失眠")),
    PageType("search crisis", named_url("search:search", "search", "search:results", query="?q=不想活了")),
    PageType("events list", page_url("events.EventIndexPage")),
    PageType("events month", route_url("events.EventIndexPage", "month", this_month)),
    PageType("event", page_url("events.EventPage")),
    PageType("campaign", route_url("events.EventIndexPage", "campaign", first_value("events.Campaign", "slug"))),
    # print to phone (issue 17 point 9): A4 pages with a QR code
    PageType(
        "service print",
        named_url(
            "directory:print",
            args=first_value("directory.ServicePoint", "pk", is_public=True, kind="consultation_room"),
        ),
    ),
    PageType("township print", named_url("directory:area_print", args=township_of_a_room)),
    PageType("hotline poster", named_url("directory:hotline_poster")),
    PageType("event print", event_print),
    PageType("self-check index", page_url("selfcheck.SelfCheckIndexPage")),
    PageType("self-check questionnaire", page_url("selfcheck.QuestionnairePage")),
    PageType("404", lambda: "/e2e-no-such-page/", status=404),
    PageType("500", lambda: "/__e2e__/500/", status=500),
]

ARTICLE = "article"
HOTLINE_TYPES = ("hotlines", "offline hotlines")


def resolve_all() -> dict[str, dict]:
    """{name: {"url": path or None, "status": expected status}} for every page type."""
    result = {}
    for page_type in PAGE_TYPES:
        try:
            url = page_type.find()
        except Exception as error:
            url, reason = None, f"{type(error).__name__}: {error}"
        else:
            reason = None if url else "no such page in the demo (app or demo content not there yet)"
        result[page_type.name] = {"url": url, "status": page_type.status, "reason": reason}
    return result
