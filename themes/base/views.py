"""Theme-level views: display preferences (长辈模式, text size), the web app manifest,
the service worker, the offline hotlines page, the privacy notes (隐私说明) and the
API page for partners (开放接口).

None of these import a content app: site-wide settings (hotlines, site title) reach
the templates through Wagtail's ``settings`` context processor.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, time, timedelta

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from anxin.cache import pages as page_cache

from .display import MODE_COOKIE, MODE_COOKIE_MAX_AGE, MODES, from_request

# Hotline pages other apps may provide; the first name that reverses is precached.
HOTLINE_URL_NAMES = ("directory:hotlines", "hotlines", "directory_hotlines")
# Static files the offline pages need.
OFFLINE_STATIC = (
    "anxin/css/base.css",
    "anxin/css/elder.css",
    "anxin/js/site.js",
    "anxin/icons/icon.svg",
    "anxin/icons/icon-192.png",
)
SIZE_ACTIONS = {"larger": 1, "smaller": -1, "reset": None}


def _back_to(request) -> str:
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return "/"
    return target


def _remember(request, response, display) -> HttpResponse:
    response.set_cookie(
        MODE_COOKIE,
        display.key,
        max_age=MODE_COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def set_display_mode(request, mode: str):
    """Switch to 长辈模式 or back (a plain link: works without JavaScript)."""
    response = HttpResponseRedirect(_back_to(request))
    if mode not in MODES:
        response["Cache-Control"] = "no-store"
        return response
    return _remember(request, response, from_request(request).with_mode(mode))


@require_GET
def set_text_size(request, action: str):
    """A+ / A− / reset: one step larger or smaller, kept in the same cookie as the mode."""
    response = HttpResponseRedirect(_back_to(request))
    if action not in SIZE_ACTIONS:
        response["Cache-Control"] = "no-store"
        return response
    display = from_request(request)
    step = SIZE_ACTIONS[action]
    return _remember(request, response, display.with_size(0 if step is None else display.size + step))


def hotline_page_urls() -> list[str]:
    """Hotline pages to keep offline: the theme's own page, and a directory page if one is routed."""
    urls = [reverse("offline")]
    for name in HOTLINE_URL_NAMES:
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
        break
    return urls


@require_GET
def offline_page(request):
    """求助热线 — the page the service worker shows when there is no network."""
    body = render_to_string("theme/offline.html", {}, request=request)
    response = HttpResponse(body)
    response["X-Anxin-Offline"] = "keep"
    return response


@require_GET
def privacy_page(request):
    """隐私说明: what the site stores about readers (docs/privacy.md, for readers)."""
    return HttpResponse(render_to_string("theme/privacy.html", {}, request=request))


@require_GET
def api_page(request):
    """开放接口: the JSON APIs for partners, their conventions and curl examples (docs/api.md)."""
    from content.articles.models import ArticlePage

    # site settings (title, footer) and the article example 2 reads
    page_cache.depends_on(request, "articles")
    today = timezone.localdate()
    article = ArticlePage.objects.live().public().order_by("pk").only("pk").first()
    # the events example shows today's date: a cached copy lasts until midnight at most
    midnight = datetime.combine(today + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
    page_cache.cache_until(request, midnight)
    context = {
        "base_url": request.build_absolute_uri("/").rstrip("/"),
        "today": today,
        "example_article_id": article.pk if article else 42,
        "selfcheck_rate": getattr(settings, "ANXIN_SELFCHECK_RATE_LIMIT", 30),
    }
    return HttpResponse(render_to_string("theme/api.html", context, request=request))


@require_GET
def service_worker(request):
    """The service worker, served from the site root so that its scope is ``/``.

    Its text changes whenever what the offline copies show changes (site settings, the
    directory), so browsers re-install it and refresh them.
    """
    pages = hotline_page_urls()
    assets = [static(path) for path in OFFLINE_STATIC]
    # the offline copies are the hotline pages: site settings and the directory feed them
    generations = page_cache.current_generations()
    generation = [generations.get(scope) for scope in (page_cache.SITE, "directory")]
    version = hashlib.sha256(json.dumps([pages, assets, generation]).encode()).hexdigest()[:12]
    body = render_to_string(
        "theme/sw.js",
        {
            "version": json.dumps(version),
            "offline_url": json.dumps(pages[0]),
            "keep_pages": json.dumps(pages),
            "precache": json.dumps(pages + assets),
            "static_prefix": json.dumps(settings.STATIC_URL),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    """The web app manifest (add to home screen)."""
    body = render_to_string("theme/manifest.webmanifest", {}, request=request)
    response = HttpResponse(body, content_type="application/manifest+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
