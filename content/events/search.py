"""Events in the site search: documents for live EventPages, kept fresh on publish/unpublish/delete."""

from __future__ import annotations

import logging

from django.utils.html import strip_tags

from content.reference.models import ancestor_prefixes

logger = logging.getLogger(__name__)

KIND = "event"


def document_id(pk) -> str:
    return f"{KIND}:{pk}"


def event_document(page):
    from search.documents import SearchDocument

    from .models import SHANGHAI

    return SearchDocument(
        id=document_id(page.pk),
        kind=KIND,
        title=page.title,
        url=page.url or "",
        summary=page.summary,
        body=strip_tags(page.body or ""),
        audiences=[audience.slug for audience in page.audiences.all()],
        areas=ancestor_prefixes(page.area_id),
        date=page.start,
        payload={
            "start": page.start.astimezone(SHANGHAI).isoformat(),
            "end": page.end.astimezone(SHANGHAI).isoformat(),
            "venue": page.place_text,
            "kind": page.kind,
            "kind_label": str(page.get_kind_display()),
            "organizer": page.organizer.name,
            "online": page.is_online,
        },
    )


def provide_documents():
    """Every live, public event (the provider registered with search.registry)."""
    from .models import EventPage

    queryset = (
        EventPage.objects.live()
        .public()
        .select_related("organizer", "area")
        .prefetch_related("audiences")
        .order_by("pk")
    )
    for page in queryset.iterator(chunk_size=500):
        yield event_document(page)


def _index_api():
    try:
        from search import index
    except ImportError:  # the search layer is not installed yet
        return None
    return index


def on_published(sender, instance, **kwargs):
    index = _index_api()
    if index is None:
        return
    page = instance.specific
    try:
        if page.live and page.get_view_restrictions().count() == 0:
            index.index_documents([event_document(page)])
        else:
            index.delete_documents([document_id(page.pk)])
    except Exception:  # search must never stop an organizer from publishing
        logger.exception("indexing event %s failed", page.pk)


def on_removed(sender, instance, **kwargs):
    index = _index_api()
    if index is None:
        return
    try:
        index.delete_documents([document_id(instance.pk)])
    except Exception:
        logger.exception("removing event %s from the index failed", instance.pk)


def connect():
    from django.db.models.signals import post_delete
    from django.utils.translation import gettext_lazy as _
    from wagtail.signals import page_published, page_unpublished

    from content.reference.search import AREA, AUDIENCE
    from search.kinds import Kind
    from search.registry import register_kind

    from .models import EventPage

    register_kind(
        Kind(
            name=KIND,
            label=_("活动"),
            order=2,
            located=True,
            facets=(AUDIENCE, AREA),
            provider=provide_documents,
            model="events.EventPage",
            browse_order=1,
        )
    )
    page_published.connect(on_published, sender=EventPage, dispatch_uid="events_search_published")
    page_unpublished.connect(on_removed, sender=EventPage, dispatch_uid="events_search_unpublished")
    post_delete.connect(on_removed, sender=EventPage, dispatch_uid="events_search_deleted")
