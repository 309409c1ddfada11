"""Absolute URLs for what readers share and search engines index (canonical, Open Graph).

The host comes from configuration, never from a guess that could leak ``localhost``:

1. ``PUBLIC_BASE_URL`` (e.g. ``https://xinli.example.gov.cn``) when set — always in
   production;
2. else the Wagtail Site's hostname and port, unless that is a loopback name (the demo's
   Site is ``localhost``);
3. else the host the reader asked for, unless it is a loopback name and the site runs
   without DEBUG: then the first real name in ``ALLOWED_HOSTS`` over https;
4. else (development on 127.0.0.1) the request's own origin.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "testserver", ""})  # noqa: S104 - host names


def is_loopback(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name.lower() in LOOPBACK or name.lower().endswith(".localhost")


def public_base_url(request=None) -> str:
    configured = (getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    if configured:
        return configured
    site = _site(request)
    if site is not None and not is_loopback(site.hostname):
        return site.root_url.rstrip("/")
    if request is not None:
        host = request.get_host()
        if not is_loopback(host):
            return f"{request.scheme}://{host}"
        if not settings.DEBUG:
            for name in settings.ALLOWED_HOSTS:
                candidate = name.lstrip(".")
                if candidate and "*" not in candidate and not is_loopback(candidate):
                    return f"https://{candidate}"
        return f"{request.scheme}://{host}"
    return ""


def public_url(request, path: str) -> str:
    """``path`` (site-relative, or an absolute URL whose path is kept) on the public host."""
    parts = urlsplit(path or "/")
    relative = parts.path or "/"
    if parts.query:
        relative += "?" + parts.query
    return public_base_url(request) + relative


def _site(request):
    from wagtail.models import Site

    if request is not None:
        return Site.find_for_request(request)
    return Site.objects.filter(is_default_site=True).first()


def public_page_url(page, request=None) -> str:
    """A page's absolute URL on the public host (JSON-LD, calendar files, feeds)."""
    path = page.get_url(request)
    if not path:
        return ""
    base = public_base_url(request)
    return public_url(request, path) if base else page.get_full_url(request)
