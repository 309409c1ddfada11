"""Directory entries as search documents (search/ never imports this app)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from content.reference.models import ancestor_prefixes
from search.documents import KIND_SERVICE, SearchDocument

from .models import ServicePoint


def document_id(pk: int) -> str:
    return f"{KIND_SERVICE}:{pk}"


def with_relations(queryset):
    return queryset.select_related("organization", "area").prefetch_related("phones", "audiences", "services_offered")


def build_document(sp: ServicePoint) -> SearchDocument:
    """The document for one public entry. Nothing time-dependent (open now) goes in."""
    org = sp.organization.name if sp.organization_id else ""
    area_name = sp.area.name if sp.area_id else ""
    audiences = [a.slug for a in sp.audiences.all()]
    offered = [o.slug for o in sp.services_offered.all()]
    body_parts = [sp.description, sp.address, org, area_name, sp.get_kind_display(), sp.hours_note, sp.fee_note]
    body_parts += [o.name for o in sp.services_offered.all()] + [a.name for a in sp.audiences.all()]
    return SearchDocument(
        id=document_id(sp.pk),
        kind=KIND_SERVICE,
        title=sp.name,
        url=sp.get_url(),
        summary=sp.description[:200],
        body="\n".join(p for p in body_parts if p),
        audiences=audiences,
        areas=ancestor_prefixes(sp.area_code) if sp.area_code else [],
        service_kinds=[sp.kind],
        services_offered=offered,
        location=sp.location,
        date=sp.updated_at,
        phones=[{"number": p.number, "label": p.label, "tel": p.tel} for p in sp.phones.all()],
        payload={
            "address": sp.address,
            "status": sp.status,
            "is_24_7": sp.is_24_7,
            "kind_label": str(sp.get_kind_display()),
            "organization": org,
            "is_illustrative": sp.is_illustrative,
        },
    )


def documents_for(queryset) -> Iterator[SearchDocument]:
    for sp in with_relations(queryset.public()).iterator(chunk_size=2000):
        yield build_document(sp)


def all_documents() -> Iterable[SearchDocument]:
    """The provider registered with search.registry: every public entry."""
    return documents_for(ServicePoint.objects.order_by("pk"))
