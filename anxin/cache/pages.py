"""What the anonymous page cache depends on, and what invalidates it.

Pages are cached whole (anxin/middleware.py). Each cached copy remembers the generation
(anxin/cache/generations.py) of every *scope* it depends on; a change bumps the scopes
it touches, and a copy whose scopes moved on is stale.

Scopes: ``site`` (settings, reference data, images, documents, navigation, page moves,
unpublishing — anything not classified below) and one per content area that apps
register (``articles``, ``events``, ``directory``, ``selfcheck``). Every page depends on
``site``; a view narrows what else it depends on with ``depends_on(request, ...)``
(a view that says nothing depends on everything). So an organizer saving attendance
reports all day on 10 October re-renders the events pages, the home page and search,
while articles and the directory stay cached.

Models say which scope their saves change with ``register_model(model, scope)``
(``scope=None``: never shown to the public, e.g. a correction report); page types with
``register_page(page_model, scope)``. Any other model of a public app changes ``site``.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from . import generations

SITE = "site"
_content_scopes: set[str] = set()
_unlisted_scopes: set[str] = set()
_model_scopes: dict[str, str | None] = {}
_page_scopes: dict[str, str] = {}

# Saves in these apps can change what the public sees; other apps' (sessions, users,
# workflow bookkeeping) never do.
PUBLIC_APP_LABELS = frozenset(
    {
        "home",
        "articles",
        "events",
        "directory",
        "reference",
        "selfcheck",
        "search",
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


def generation_name(scope: str) -> str:
    return f"page:{scope}"


# --- registration (apps' ready()) -------------------------------------------------
def register_scope(scope: str, *, listed: bool = True) -> None:
    """``listed=False``: what the scope covers never appears in site-wide listings (search
    results, the home page), only on pages that declare it (e.g. attendance figures)."""
    _content_scopes.add(scope)
    if not listed:
        _unlisted_scopes.add(scope)


def register_model(model, scope: str | None, *, listed: bool = True) -> None:
    if scope is not None:
        register_scope(scope, listed=listed)
    _model_scopes[model._meta.label_lower] = scope


def register_page(page_model, scope: str) -> None:
    register_scope(scope)
    _page_scopes[page_model._meta.label_lower] = scope


def all_scopes() -> tuple[str, ...]:
    return (SITE, *sorted(_content_scopes))


def listed_scopes() -> tuple[str, ...]:
    return (SITE, *sorted(_content_scopes - _unlisted_scopes))


# --- what a response depends on (views) ---------------------------------------------
def depends_on(request, *scopes: str) -> None:
    """This response shows only what ``scopes`` (and ``site``) cover."""
    current = getattr(request, "_anxin_cache_scopes", None) or {SITE}
    request._anxin_cache_scopes = current | set(scopes)


def depends_on_listings(request) -> None:
    """A page that lists what every content area publishes (search results) but none of
    the unlisted details."""
    depends_on(request, *listed_scopes())


def cache_until(request, when: datetime | None) -> None:
    """This response must not be served after ``when`` (e.g. an opening state flips)."""
    if when is None:
        return
    current = getattr(request, "_anxin_cache_until", None)
    if current is None or when < current:
        request._anxin_cache_until = when


def scopes_of(request) -> tuple[str, ...]:
    declared = getattr(request, "_anxin_cache_scopes", None)
    return all_scopes() if declared is None else tuple(sorted(declared))


def seconds_left(request, default: int) -> int:
    until = getattr(request, "_anxin_cache_until", None)
    if until is None:
        return default
    return max(0, min(default, int((until - timezone.now()).total_seconds())))


# --- what a change invalidates (signals, commands) ------------------------------------
def changed(*scopes: str) -> None:
    generations.bump(*(generation_name(s) for s in (scopes or (SITE,))))


def changed_on_commit(*scopes: str) -> None:
    """``changed`` once the current transaction commits (at once outside one): bumping
    earlier would let another process re-render the old rows under the new generation."""
    transaction.on_commit(lambda: changed(*scopes), robust=True)


def current_generations() -> dict[str, int]:
    """Every scope's generation, one cache round trip."""
    names = {generation_name(s): s for s in all_scopes()}
    return {names[n]: g for n, g in generations.get_many(names).items()}


def scope_of_model(model) -> str | None:
    meta = model._meta
    label = meta.label_lower
    if label in _model_scopes:
        return _model_scopes[label]
    if label in _page_scopes:
        return _page_scopes[label]
    if meta.app_label in PUBLIC_APP_LABELS and label not in IGNORED_MODELS:
        return SITE
    return None


def page_published(sender, instance, **_kwargs) -> None:
    """Publishing changes the page and the lists of its kind; a new top-level page the menus."""
    scope = _page_scopes.get(sender._meta.label_lower, SITE)
    if getattr(instance, "depth", 3) <= 3:  # a child of the home page: navigation
        scope = SITE
    changed_on_commit(scope)


def page_structure_changed(**_kwargs) -> None:
    """Unpublish, move, slug change, delete: links to the page anywhere may change."""
    changed_on_commit(SITE)


def model_saved(sender, instance=None, created=False, raw=False, **_kwargs) -> None:
    if raw:
        return
    from wagtail.models import Page

    if isinstance(instance, Page):
        # A draft save of a page changes nothing public (title and body stay on the
        # revision until published, which page_published covers); a page created or
        # saved live in code (load_demo, imports) does.
        if instance.live and not instance.has_unpublished_changes:
            page_published(sender, instance)
        return
    scope = scope_of_model(sender)
    if scope is not None:
        changed_on_commit(scope)


def model_deleted(sender, instance=None, **_kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        changed_on_commit(SITE)
        return
    scope = scope_of_model(sender)
    if scope is not None:
        changed_on_commit(scope)


def m2m_changed(sender, instance, action, **_kwargs) -> None:
    if not action.startswith("post_"):
        return
    from wagtail.models import Page

    if isinstance(instance, Page):
        if instance.live and not instance.has_unpublished_changes:
            page_published(type(instance), instance)
        return
    scope = scope_of_model(type(instance))
    if scope is not None:
        changed_on_commit(scope)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed as m2m_signal
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published as published
    from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

    published.connect(page_published, dispatch_uid="anxin-pagecache-published")
    for signal in (page_unpublished, post_page_move, page_slug_changed):
        signal.connect(page_structure_changed, dispatch_uid=f"anxin-pagecache-structure-{id(signal)}")
    post_save.connect(model_saved, dispatch_uid="anxin-pagecache-post-save")
    post_delete.connect(model_deleted, dispatch_uid="anxin-pagecache-post-delete")
    m2m_signal.connect(m2m_changed, dispatch_uid="anxin-pagecache-m2m")


class ScopedPageMixin:
    """For Wagtail page types: ``cache_depends_on`` names the scopes the page shows
    (empty: everything); ``serve`` declares them for the page cache."""

    cache_depends_on: tuple[str, ...] = ()

    def serve(self, request, *args, **kwargs):
        if self.cache_depends_on:
            depends_on(request, *self.cache_depends_on)
        return super().serve(request, *args, **kwargs)

    def get_view_restrictions(self):
        """None on a site without private sections, without asking the database
        (Wagtail checks before serving; the list is remembered, anxin/cache/shared.py)."""
        from wagtail.models import PageViewRestriction

        from .shared import view_restrictions

        if view_restrictions() == ():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
