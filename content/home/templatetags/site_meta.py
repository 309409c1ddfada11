"""``{% load site_meta %}``: canonical and Open Graph URLs on the configured public host
(content/reference/public_urls.py), never ``localhost`` in production."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template

from content.reference.public_urls import is_loopback, public_url

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
