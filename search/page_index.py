"""One place that keeps every page kind's documents in step with the page tree.

A page's document carries its URL and exists only while the page is live and public,
so it goes stale when the page *or any ancestor* is published, unpublished, deleted,
moved, renamed (slug) or put behind a view restriction. This module listens to all of
those for every page, finds the affected pages (the page and, when its URL or privacy
changed, its descendants), groups them by the kind registered for their model
(``Kind.model`` + ``Kind.documents_for``) and reindexes them after the transaction
commits: documents for the public ones, deletions for the others.

The core still imports no content app: it knows Wagtail's ``Page`` and the kinds'
model labels, nothing else.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import registry

logger = logging.getLogger("search")

#: pages reindexed per query (their documents are built in one go)
BATCH = 500


def page_kinds() -> dict[str, object]:
    """Registered kinds that can rebuild documents for pages, by lower-case model label."""
    return {
        kind.model.lower(): kind
        for kind in registry.kinds()
        if kind.model and kind.documents_for is not None and kind.document_id is not None
    }


def reindex_pages(page_ids) -> int:
    """Index the public ones among ``page_ids`` (of any page type) and delete the others'
    documents. Returns the number of documents written. Never raises."""
    from .index import delete_documents_now, index_documents_now

    kinds = page_kinds()
    if not kinds:
        return 0
    by_kind: dict[str, list[int]] = defaultdict(list)
    rows = Page.objects.filter(pk__in=list(page_ids)).values_list(
        "pk", "content_type__app_label", "content_type__model"
    )
    for pk, app_label, model in rows:
        kind = kinds.get(f"{app_label}.{model}")
        if kind is not None:
            by_kind[kind.model.lower()].append(pk)
    written = 0
    for label, pks in by_kind.items():
        kind = kinds[label]
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            try:
                docs = list(kind.documents_for(chunk))
                public = {doc.id for doc in docs}
                gone = [kind.document_id(pk) for pk in chunk if kind.document_id(pk) not in public]
                if docs:
                    index_documents_now(docs)
                    written += len(docs)
                if gone:
                    delete_documents_now(gone)
            except Exception:  # search must never break an editor's publish
                logger.exception("search: reindexing %d %s page(s) failed", len(chunk), label)
    return written


def forget_pages(pairs) -> None:
    """Delete the documents of pages that no longer exist: ``pairs`` of (model label, pk)."""
    from .index import delete_documents_now

    kinds = page_kinds()
    ids = [kinds[label].document_id(pk) for label, pk in pairs if label in kinds]
    if ids:
        try:
            delete_documents_now(ids)
        except Exception:
            logger.exception("search: removing %d deleted page(s) failed", len(ids))


def _subtree_ids(page) -> list[int]:
    return list(Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True))


def _after_commit(callback) -> None:
    transaction.on_commit(callback)


def _page_changed(sender, instance, **kwargs):
    """Published or unpublished: the page itself, and its subtree (a section's
    unpublish takes its children off the site too)."""
    if not page_kinds():
        return
    page = instance
    _after_commit(lambda: reindex_pages(_subtree_ids(Page.objects.filter(pk=page.pk).first() or page)))


def _url_changed(sender, instance, **kwargs):
    """Slug change or move: every URL below the page changed."""
    if not page_kinds():
        return
    pk = instance.pk
    _after_commit(lambda: _reindex_subtree_of(pk))


def _reindex_subtree_of(pk) -> None:
    page = Page.objects.filter(pk=pk).first()
    if page is not None:
        reindex_pages(_subtree_ids(page))


def _restriction_changed(sender, instance, **kwargs):
    """A view restriction added, changed or removed: the subtree's privacy changed."""
    if not page_kinds():
        return
    page_id = instance.page_id
    _after_commit(lambda: _reindex_subtree_of(page_id))


def _page_deleted(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        return
    kinds = page_kinds()
    label = instance._meta.label_lower
    if label in kinds:
        pair = (label, instance.pk)
        _after_commit(lambda: forget_pages([pair]))


def connect() -> None:
    page_published.connect(_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="search-page-unpublished")
    page_slug_changed.connect(_url_changed, dispatch_uid="search-page-slug-changed")
    post_page_move.connect(_url_changed, dispatch_uid="search-page-moved")
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-saved")
    post_delete.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-deleted")
    # every concrete page model sends its own post_delete (Page's subclasses included)
    post_delete.connect(_page_deleted, dispatch_uid="search-page-deleted")
