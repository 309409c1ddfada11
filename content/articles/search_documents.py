"""Articles as search documents, handed to the search layer on publish/unpublish."""

from __future__ import annotations

from search.documents import SearchDocument

from .models import ArticlePage, stream_plain_text

KIND = "article"


def document_id(page_id: int) -> str:
    return f"{KIND}:{page_id}"


def article_document(page: ArticlePage) -> SearchDocument:
    return SearchDocument(
        id=document_id(page.pk),
        kind=KIND,
        title=page.title,
        url=page.get_url() or "",
        summary=page.summary,
        body=stream_plain_text(page.body),
        audiences=[a.slug for a in page.audiences.all()],
        topics=[t.name for t in page.topics.all()],
        date=page.first_published_at,
        payload={
            "format": page.format,
            "format_label": str(page.get_format_display()),
            "reading_time": page.reading_time,
            "reviewer": page.reviewer.name if page.reviewer_id else "",
        },
    )


def public_articles():
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("reviewer")
        .prefetch_related("audiences", "tagged_topics__tag")
    )


def all_documents():
    for page in public_articles().iterator(chunk_size=500):
        yield article_document(page)


def documents_for(pks):
    """The public articles among ``pks`` (search.page_index keeps them fresh)."""
    for page in public_articles().filter(pk__in=pks):
        yield article_document(page)
