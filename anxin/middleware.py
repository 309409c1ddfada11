"""Site-wide middleware: security headers, and the anonymous page cache.

Security headers: the public site gets a strict Content-Security-Policy (no inline
scripts or styles, nothing from another host). Wagtail's admin ships inline scripts
of its own, so it gets a policy that only forbids other hosts.

Anonymous page cache: public pages are cached per display mode (the ``anxin_mode``
cookie: 长辈模式 and text size), each copy with the generations of the scopes it depends
on; a change bumps the scopes it touches (anxin/cache/pages.py). Requests
that carry a session or messages cookie are never served from or stored in the
cache, nor are responses that set a cookie, are not 200, or say private/no-store.
"""

from __future__ import annotations

import gzip
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers

from anxin.cache import generations, memo, shared
from anxin.cache import pages as page_scopes
from themes.base.display import from_request

PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "frame-src 'self' https://player.bilibili.com https://player.youku.com https://v.qq.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
    ]
)
ADMIN_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "frame-src 'self' https:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
    ]
)
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), browsing-topics=()"
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class SecurityHeadersMiddleware:
    """CSP, Permissions-Policy, nosniff, Referrer-Policy and COOP on every response
    (including static files and cached pages: keep it above WhiteNoise and the cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith(ADMIN_PREFIXES)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", ADMIN_CSP if is_admin else PUBLIC_CSP)
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", getattr(settings, "SECURE_REFERRER_POLICY", None) or "same-origin")
        return response


# Never served from the cache: the admin, and the views that set the display cookie.
CACHE_BYPASS_PREFIXES = (*ADMIN_PREFIXES, "/mode/", "/text-size/", "/documents/")
CACHEABLE_VARY = frozenset({"cookie", "accept-encoding"})
SKIPPED_HEADERS = frozenset({"set-cookie", "x-anxin-cache", "content-length", "content-encoding"})
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/manifest+json", "application/xml")


class AnonymousPageCacheMiddleware:
    """Cache whole public pages for anonymous readers, per display mode.

    Place it below SecurityHeaders/WhiteNoise and above SessionMiddleware: a hit
    returns before sessions, authentication, URL resolution or the database, after one
    cache round trip that reads the page and the generations of the scopes it depends on
    (anxin/cache/pages.py).

    When a change made a copy stale, one request re-renders it while, for at most
    ``ANXIN_PAGE_CACHE_STALE_SECONDS`` after the change (default 1), concurrent readers
    get the previous copy ("X-Anxin-Cache: stale") instead of all rendering it at once.
    After that, a stale copy is never served.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cookie_names = (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGES_COOKIE_NAME", "messages"))

    def __call__(self, request):
        # What every render shares (site, settings, navigation) is remembered per process
        # under the same generations (anxin/cache/memo.py).
        token = memo.begin()
        try:
            return self.respond(request)
        finally:
            memo.end(token)

    def respond(self, request):
        timeout = getattr(settings, "ANXIN_PAGE_CACHE_SECONDS", 300)
        key = self.cache_key(request) if timeout > 0 else None
        if key is None:
            return self.render(request)
        scopes = page_scopes.all_scopes()
        names = {generations.key(page_scopes.generation_name(s)): s for s in scopes}
        found = cache.get_many([key, *names])
        current = {scope: found[name] for name, scope in names.items() if name in found}
        if len(current) < len(scopes):
            current = page_scopes.current_generations()
        memo.know(current)
        gzip_ok = bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        entry = found.get(key)
        lock = None
        if entry is not None:
            depends, frozen = entry
            moved = [current.get(scope, 0) for scope, generation in depends.items() if current.get(scope) != generation]
            if not moved:
                return self.rebuild(frozen, gzip_ok, "hit")
            lock = f"{key}:render"
            grace = getattr(settings, "ANXIN_PAGE_CACHE_STALE_SECONDS", 1.0)
            if not cache.add(lock, 1, 10):
                lock = None
                if generations.age_seconds(max(moved)) < grace:
                    return self.rebuild(frozen, gzip_ok, "stale")
        try:
            response = self.render(request)
            if self.storable(request, response):
                patch_vary_headers(response, ("Cookie",))
                seconds = page_scopes.seconds_left(request, timeout)
                if seconds > 0:
                    depends = {scope: current[scope] for scope in page_scopes.scopes_of(request) if scope in current}
                    cache.set(key, (depends, self.freeze(response)), seconds)
                response["X-Anxin-Cache"] = "miss"
            return response
        finally:
            if lock is not None:
                cache.delete(lock)

    def render(self, request):
        shared.prime_site(request)
        return self.get_response(request)

    def cache_key(self, request) -> str | None:
        if request.method != "GET" or request.path.startswith(CACHE_BYPASS_PREFIXES):
            return None
        if any(name in request.COOKIES for name in self.cookie_names) or "HTTP_AUTHORIZATION" in request.META:
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
        display = from_request(request).key
        scheme = "s" if request.is_secure() else ""
        return f"anxin:page:{display}:{scheme}{host}:{path}"

    def storable(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return False
        storage = getattr(request, "_messages", None)
        if storage is not None and (getattr(storage, "_queued_messages", None) or getattr(storage, "used", False)):
            return False
        cache_control = {
            part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if cache_control & {"private", "no-store"}:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        return vary <= CACHEABLE_VARY

    @staticmethod
    def freeze(response) -> tuple:
        """(status, headers, body, gzipped body or None): compressed once, not on every hit."""
        headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
        content = response.content
        compressed = None
        if len(content) >= 200 and response.get("Content-Type", "").startswith(COMPRESSIBLE):
            compressed = gzip.compress(content, compresslevel=6, mtime=0)
            if len(compressed) >= len(content):
                compressed = None
        return (response.status_code, headers, content, compressed)

    @staticmethod
    def rebuild(cached: tuple, gzip_ok: bool = False, state: str = "hit") -> HttpResponse:
        status, headers, content, compressed = cached
        response = HttpResponse(compressed if gzip_ok and compressed else content, status=status)
        for name, value in headers:
            response[name] = value
        if compressed:
            patch_vary_headers(response, ("Accept-Encoding",))
            if gzip_ok:
                response["Content-Encoding"] = "gzip"
        response["X-Anxin-Cache"] = state
        return response
