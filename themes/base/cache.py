"""The anonymous page cache's site-wide generation number.

Every cached page's key contains the current generation; publishing, unpublishing,
moving or deleting a page, or saving a snippet, setting, image or document bumps the
generation, so every cached page is invalid at once without enumerating keys (old
entries simply expire). With several server processes the cache must be shared
(REDIS_URL) for the bump to reach all of them.
"""

from __future__ import annotations

import time

from django.core.cache import cache

GENERATION_KEY = "anxin:pagecache:generation"
GENERATION_TIMEOUT = None  # never expires


def get_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh value that cannot collide with one used before a cache restart.
        generation = time.time_ns()
        if not cache.add(GENERATION_KEY, generation, GENERATION_TIMEOUT):
            generation = cache.get(GENERATION_KEY, generation)
    return generation


def bump_generation(**_ignored) -> None:
    """Invalidate every cached anonymous page (a signal receiver)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, time.time_ns(), GENERATION_TIMEOUT)


# Which saves change what the public sees. Anything in these apps, except the
# bookkeeping models below, bumps the generation.
PUBLIC_APP_LABELS = frozenset(
    {
        "home",
        "articles",
        "events",
        "directory",
        "reference",
        "selfcheck",
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
        "wagtailredirects",
        "taggit",
    }
)
IGNORED_MODELS = frozenset(
    {
        "wagtailcore.revision",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.workflowstate",
        "wagtailcore.taskstate",
        "wagtailcore.pagesubscription",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.referenceindex",
        "wagtailcore.uploadedfile",
        "wagtailimages.rendition",
    }
)


def affects_public_pages(model) -> bool:
    meta = model._meta
    return meta.app_label in PUBLIC_APP_LABELS and meta.label_lower not in IGNORED_MODELS


def model_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if affects_public_pages(sender):
        bump_generation()


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(bump_generation, dispatch_uid=f"anxin-pagecache-{id(signal)}")
    post_save.connect(model_changed, dispatch_uid="anxin-pagecache-post-save")
    post_delete.connect(model_changed, dispatch_uid="anxin-pagecache-post-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="anxin-pagecache-m2m")


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and affects_public_pages(type(instance)):
        bump_generation()
