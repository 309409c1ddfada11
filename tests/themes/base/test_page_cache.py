"""The anonymous page cache: per display mode, invalidated on publish, never for
logged-in readers, cookies, messages or private responses."""

import gzip

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import Page

from anxin.cache import generations
from anxin.cache import pages as page_scopes
from anxin.middleware import AnonymousPageCacheMiddleware
from themes.base.display import MODE_COOKIE


def test_second_anonymous_request_is_served_from_the_cache(client, hotlines, page_cache):
    first = client.get("/offline/")
    second = client.get("/offline/")
    assert first["X-Anxin-Cache"] == "miss"
    assert second["X-Anxin-Cache"] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]
    assert "Set-Cookie" not in second


def test_each_mode_has_its_own_entry(client, hotlines, page_cache):
    standard = client.get("/offline/")
    client.cookies[MODE_COOKIE] = "elder"
    elder = client.get("/offline/")
    assert elder["X-Anxin-Cache"] == "miss"
    assert 'class="mode-elder"' in elder.content.decode()
    assert 'class="mode-standard"' in standard.content.decode()
    assert client.get("/offline/")["X-Anxin-Cache"] == "hit"
    # An invalid cookie is the standard variant, not a new entry.
    client.cookies[MODE_COOKIE] = "garbage"
    again = client.get("/offline/")
    assert again["X-Anxin-Cache"] == "hit"
    assert again.content == standard.content


def test_query_strings_are_separate_entries(client, hotlines, page_cache):
    client.get("/offline/?a=1")
    assert client.get("/offline/?a=2")["X-Anxin-Cache"] == "miss"
    assert client.get("/offline/?a=1")["X-Anxin-Cache"] == "hit"


def test_settings_save_invalidates(client, hotlines, page_cache, django_capture_on_commit_callbacks):
    client.get("/offline/")
    hotlines.hotlines = [("hotline", {"name": "希望24热线", "number": "400-161-9995", "hours": "", "is_24h": True})]
    with django_capture_on_commit_callbacks(execute=True):
        hotlines.save()
    response = client.get("/offline/")
    assert response["X-Anxin-Cache"] == "miss"
    assert "400-161-9995" in response.content.decode()


def test_publish_and_unpublish_invalidate(
    client, hotlines, page_cache, default_site, settings, django_capture_on_commit_callbacks
):
    settings.ANXIN_PAGE_CACHE_STALE_SECONDS = 0
    client.get("/offline/")
    page = Page(title="新页面", slug="new-page")
    with django_capture_on_commit_callbacks(execute=True):
        default_site.root_page.add_child(instance=page)
    client.get("/offline/")
    before = page_scopes.current_generations()[page_scopes.SITE]
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert page_scopes.current_generations()[page_scopes.SITE] > before
    assert client.get("/offline/")["X-Anxin-Cache"] == "miss"
    assert client.get("/offline/")["X-Anxin-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get("/offline/")["X-Anxin-Cache"] == "miss"


def test_a_change_is_not_announced_before_its_transaction_commits(
    hotlines, page_cache, django_capture_on_commit_callbacks
):
    """Bumping inside the transaction would let another process re-render the old rows
    under the new generation and keep them."""
    before = page_scopes.current_generations()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        hotlines.save()
        assert page_scopes.current_generations() == before
    assert callbacks
    for callback in callbacks:
        callback()
    assert page_scopes.current_generations()[page_scopes.SITE] != before[page_scopes.SITE]


def test_generation_is_recreated_when_evicted_and_bumps_always_change_it(page_cache):
    first = generations.get("x")
    generations.bump("x")
    second = generations.get("x")
    assert second > first
    page_cache.delete(generations.key("x"))
    third = generations.get("x")
    assert third not in (first, second)
    assert generations.age_seconds(third) < 5


def test_logged_in_readers_bypass_the_cache(client, hotlines, page_cache, django_user_model):
    client.get("/offline/")  # cached for anonymous readers
    user = django_user_model.objects.create_user("editor", password="x")
    client.force_login(user)
    response = client.get("/offline/")
    assert "X-Anxin-Cache" not in response
    client.logout()


def test_display_switch_is_never_cached(client, hotlines, page_cache):
    client.get("/mode/elder/")
    response = client.get("/mode/elder/")
    assert "X-Anxin-Cache" not in response
    assert MODE_COOKIE in response.cookies


# The middleware's rules, one by one, with a stand-in view.


@pytest.fixture
def run(page_cache, db):
    factory = RequestFactory()

    def run(view, *, cookies=None, method="get", user=None):
        middleware = AnonymousPageCacheMiddleware(view)
        request = getattr(factory, method)("/some/page/")
        request.COOKIES.update(cookies or {})
        request.user = user or AnonymousUser()
        return request, middleware(request)

    return run


def ok(request):
    return HttpResponse("fine")


def stored(run, view, **kwargs):
    run(view, **kwargs)
    _, response = run(ok)
    return response.get("X-Anxin-Cache") == "hit" and response.content != b"fine"


def test_plain_response_is_stored(run):
    def page(request):
        return HttpResponse("page")

    assert stored(run, page)


@pytest.mark.parametrize(
    "view",
    [
        pytest.param(lambda r: HttpResponse("x", status=404), id="404"),
        pytest.param(lambda r: HttpResponse("x", status=302), id="redirect"),
        pytest.param(lambda r: _with_cookie(HttpResponse("x")), id="sets-cookie"),
        pytest.param(lambda r: _with_header(HttpResponse("x"), "Cache-Control", "private"), id="private"),
        pytest.param(lambda r: _with_header(HttpResponse("x"), "Cache-Control", "no-store"), id="no-store"),
        pytest.param(lambda r: _with_header(HttpResponse("x"), "Vary", "User-Agent"), id="vary-other"),
        pytest.param(lambda r: _csrf_used(r), id="csrf-token-used"),
    ],
)
def test_responses_that_must_not_be_stored(run, view):
    assert not stored(run, view)


def test_requests_with_session_or_messages_cookie_are_not_cached(run, settings):
    def page(request):
        return HttpResponse("page")

    for cookie in (settings.SESSION_COOKIE_NAME, "messages"):
        cache.clear()
        _request, response = run(page, cookies={cookie: "x"})
        assert "X-Anxin-Cache" not in response


def test_post_is_not_cached(run):
    _request, response = run(ok, method="post")
    assert "X-Anxin-Cache" not in response


def test_authenticated_user_response_not_stored(run, django_user_model):
    user = django_user_model(username="u")
    assert not stored(run, lambda r: HttpResponse("x"), user=user)


def test_messages_response_not_stored(run):
    class Storage(list):
        used = False
        _queued_messages = [messages.INFO]

    def page(request):
        request._messages = Storage()
        return HttpResponse("x")

    assert not stored(run, page)


def _with_cookie(response):
    response.set_cookie("x", "1")
    return response


def _with_header(response, name, value):
    response[name] = value
    return response


def _csrf_used(request):
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return HttpResponse("x")


def test_hits_are_sent_compressed_once_compressed(client, hotlines, page_cache):
    plain = client.get("/offline/")
    hit = client.get("/offline/", headers={"accept-encoding": "gzip, br"})
    assert hit["X-Anxin-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert gzip.decompress(hit.content) == plain.content
    assert len(hit.content) < len(plain.content) / 2
    # A client that does not accept gzip gets the plain page from the same entry.
    again = client.get("/offline/")
    assert again["X-Anxin-Cache"] == "hit"
    assert "Content-Encoding" not in again
    assert again.content == plain.content


def test_while_one_request_re_renders_others_get_the_previous_copy_briefly(
    client, hotlines, page_cache, settings, django_capture_on_commit_callbacks
):
    """After a change, one request re-renders; readers arriving meanwhile get the
    previous copy, but only within ANXIN_PAGE_CACHE_STALE_SECONDS of the change."""
    settings.ANXIN_PAGE_CACHE_STALE_SECONDS = 5
    assert client.get("/offline/")["X-Anxin-Cache"] == "miss"
    request = RequestFactory().get("/offline/")
    key = AnonymousPageCacheMiddleware(lambda r: None).cache_key(request)
    with django_capture_on_commit_callbacks(execute=True):
        hotlines.strip_message = "新的提示"
        hotlines.save()
    page_cache.add(f"{key}:render", 1, 10)  # another worker is re-rendering right now
    stale = client.get("/offline/")
    assert stale["X-Anxin-Cache"] == "stale" and "新的提示" not in stale.content.decode()
    settings.ANXIN_PAGE_CACHE_STALE_SECONDS = 0  # the grace is over: never stale again
    fresh = client.get("/offline/")
    assert fresh["X-Anxin-Cache"] == "miss" and "新的提示" in fresh.content.decode()
    page_cache.delete(f"{key}:render")
    assert client.get("/offline/")["X-Anxin-Cache"] == "hit"


def test_a_change_invalidates_only_the_pages_that_show_its_scope(page_cache, settings, db):
    """An events change (an attendance report on 10 October) leaves a page that declared
    it shows only articles cached; a page that declared nothing shows everything."""
    settings.ANXIN_PAGE_CACHE_STALE_SECONDS = 0
    factory = RequestFactory()

    def serve(path, view):
        request = factory.get(path)
        request.user = AnonymousUser()
        return AnonymousPageCacheMiddleware(view)(request)

    def article(request):
        page_scopes.depends_on(request, "articles")
        return HttpResponse("article")

    def everything(request):
        return HttpResponse("home")

    for path, view in (("/article/", article), ("/", everything)):
        assert serve(path, view)["X-Anxin-Cache"] == "miss"
        assert serve(path, view)["X-Anxin-Cache"] == "hit"
    page_scopes.changed("events")
    assert serve("/article/", article)["X-Anxin-Cache"] == "hit"
    assert serve("/", everything)["X-Anxin-Cache"] == "miss"
    page_scopes.changed(page_scopes.SITE)
    assert serve("/article/", article)["X-Anxin-Cache"] == "miss"


def test_scope_of_each_kind_of_change():
    from content.directory.models import CorrectionReport, ServicePoint
    from content.events.models import AttendanceReport, Campaign
    from content.home.models import CrisisSettings
    from content.reference.models import Audience

    assert page_scopes.scope_of_model(AttendanceReport) == "reach"
    assert "reach" not in page_scopes.listed_scopes()  # search and home never show figures
    assert page_scopes.scope_of_model(Campaign) == "events"
    assert page_scopes.scope_of_model(ServicePoint) == "directory"
    assert page_scopes.scope_of_model(CorrectionReport) is None  # readers' reports are not public
    assert page_scopes.scope_of_model(CrisisSettings) == page_scopes.SITE
    assert page_scopes.scope_of_model(Audience) == page_scopes.SITE


@pytest.mark.django_db
def test_every_index_write_makes_cached_search_pages_stale(page_cache):
    """Search pages depend on the "search" scope, bumped after each index write: a cached
    result page never outlives the index it came from, whatever order on-commit callbacks
    of a save run in."""
    from search import index

    before = page_scopes.current_generations()["search"]
    index.delete_documents_now(["article:999999"])
    assert page_scopes.current_generations()["search"] != before
    request = RequestFactory().get("/search/?q=x")
    page_scopes.depends_on_listings(request)
    page_scopes.depends_on(request, index.PAGE_SCOPE)
    assert "search" in page_scopes.scopes_of(request) and "reach" not in page_scopes.scopes_of(request)
