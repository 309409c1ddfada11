"""Events in the site search: documents for live, public EventPages (kept fresh by search.page_index)."""

from __future__ import annotations

from django.utils.html import strip_tags

from content.reference.models import ancestor_prefixes

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


def public_events():
    from .models import EventPage

    return EventPage.objects.live().public().select_related("organizer", "area").prefetch_related("audiences")


def provide_documents():
    """Every live, public event (the provider registered with search.registry)."""
    for page in public_events().order_by("pk").iterator(chunk_size=500):
        yield event_document(page)


def documents_for(pks):
    """The live, public events among ``pks`` (search.page_index keeps them fresh)."""
    for page in public_events().filter(pk__in=pks):
        yield event_document(page)


def connect():
    from django.utils.translation import gettext_lazy as _

    from content.reference.search import AREA, AUDIENCE
    from search.kinds import Kind
    from search.registry import register_kind

    register_kind(
        Kind(
            name=KIND,
            label=_("活动"),
            order=2,
            located=True,
            facets=(AUDIENCE, AREA),
            provider=provide_documents,
            documents_for=documents_for,
            document_id=document_id,
            model="events.EventPage",
            browse_order=1,
            intent_text=_("面向{label}的活动"),
        )
    )
