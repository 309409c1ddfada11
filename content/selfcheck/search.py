"""Self-check questionnaires in the site search: a fourth kind, added by registration
alone (no engine knows it). Documents for live, public QuestionnairePages, kept fresh by
search.page_index like articles and events."""

from __future__ import annotations

from django.utils.html import strip_tags

KIND = "questionnaire"


def document_id(pk) -> str:
    return f"{KIND}:{pk}"


def questionnaire_document(page):
    from search.documents import SearchDocument

    instructions = strip_tags(page.instructions or "")
    questions = " ".join(str(block.value["text"]) for block in page.questions)
    return SearchDocument(
        id=document_id(page.pk),
        kind=KIND,
        title=f"{page.title}（{page.short_name}）"
        if page.short_name and page.short_name not in page.title
        else page.title,
        url=page.url or "",
        summary=page.plain_summary,
        body=f"{instructions} {questions}".strip(),
        audiences=[audience.slug for audience in page.audiences.all()],
        topics=list(page.subject_topic_words),
        date=page.last_published_at,
        payload={"minutes": page.minutes, "questions": len(page.questions)},
    )


def public_questionnaires():
    from .models import QuestionnairePage

    return QuestionnairePage.objects.live().public().prefetch_related("audiences")


def provide_documents():
    """Every live, public questionnaire (the provider registered with search.registry)."""
    for page in public_questionnaires().order_by("pk").iterator(chunk_size=100):
        yield questionnaire_document(page)


def documents_for(pks):
    """The live, public questionnaires among ``pks`` (search.page_index keeps them fresh)."""
    for page in public_questionnaires().filter(pk__in=pks):
        yield questionnaire_document(page)


def connect():
    from django.utils.translation import gettext_lazy as _

    from content.reference.search import AUDIENCE
    from search.kinds import Kind
    from search.registry import register_kind

    register_kind(
        Kind(
            name=KIND,
            label=_("心理测评"),
            order=3,
            facets=(AUDIENCE,),
            provider=provide_documents,
            documents_for=documents_for,
            document_id=document_id,
            model="selfcheck.QuestionnairePage",
        )
    )
