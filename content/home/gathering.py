"""What the home page and the audience pages gather from the three content apps.

Each function is one bounded query; the directory and events apps are optional at
this level so the site still renders while one of them has nothing published.
"""

from __future__ import annotations

from content.articles.models import ArticlePage


def articles_for_audience(audience, limit: int):
    return list(
        ArticlePage.objects.live()
        .public()
        .filter(audiences=audience)
        .select_related("reviewer")
        .order_by("-first_published_at")[:limit]
    )


def latest_articles(limit: int):
    return list(
        ArticlePage.objects.live()
        .public()
        .select_related("cover_image")
        .prefetch_related("cover_image__renditions")
        .order_by("-first_published_at")[:limit]
    )


def first_live_child_url(home, label: str) -> str | None:
    """The URL of the first live page of type ``label`` ("app.Model") under ``home``."""
    from django.apps import apps

    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    page = model.objects.live().public().descendant_of(home).order_by("path").first()
    return page.get_url() if page else None


def services_for_audience(audience, limit: int):
    try:
        from content.directory.queries import services_for_audience as query
    except ImportError:
        return []
    return list(query(audience, limit))


def events_for_audience(audience, limit: int):
    try:
        from content.events.queries import upcoming_events
    except ImportError:
        return []
    return list(upcoming_events(audience=audience, limit=limit))


def upcoming_events(limit: int):
    try:
        from content.events.queries import upcoming_events as query
    except ImportError:
        return []
    return list(query(limit=limit))
