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
    return list(ArticlePage.objects.live().public().order_by("-first_published_at")[:limit])


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
