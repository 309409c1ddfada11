"""``{% load site_meta %}``: canonical and Open Graph URLs on the configured public host
(content/reference/public_urls.py), never ``localhost`` in production."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from django import template
from django.utils import timezone

from anxin.cache import pages as page_cache
from content.reference.public_urls import is_loopback, public_url
from content.reference.qr import qr_svg

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context, path: str = "") -> str:
    """The page's absolute URL without its query string (filters and pages are the same
    document for a search engine); ``path`` overrides the request's path."""
    request = context.get("request")
    if request is None:
        return ""
    return public_url(request, path or request.path)


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """Any site-relative URL (an image rendition, a media file) on the public host."""
    request = context.get("request")
    if request is None or not path:
        return path or ""
    host = urlsplit(path).netloc
    if host and not is_loopback(host):
        return path  # already absolute on its own host (media on a storage service)
    return public_url(request, path)


@register.simple_tag(takes_context=True)
def qr_code(context, path: str, label: str = ""):
    """An inline SVG QR code (content/reference/qr.py) of ``path`` on the public host:
    what a phone opens from a printed page, never ``localhost``."""
    return qr_svg(absolute_url(context, path), label)


@register.simple_tag(takes_context=True)
def print_date(context):
    """Today in Beijing time, for "打印日期" on a print page; the page's cached copy
    expires at midnight so the date printed is always the day it is printed."""
    today = timezone.localdate()
    request = context.get("request")
    if request is not None:
        midnight = datetime.combine(today + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
        page_cache.cache_until(request, midnight)
    return today
