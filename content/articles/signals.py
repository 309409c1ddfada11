"""Keep the search index in step with what is published."""

from __future__ import annotations

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from .models import ArticlePage
from .search_documents import article_document, document_id, public_articles


def _index(sender, instance, **kwargs):
    from search.index import index_documents

    page = public_articles().filter(pk=instance.pk).first()
    if page is None:  # e.g. published under a private (restricted) section
        _remove(sender, instance)
        return
    index_documents([article_document(page)])


def _remove(sender, instance, **kwargs):
    from search.index import delete_documents

    delete_documents([document_id(instance.pk)])


def connect() -> None:
    page_published.connect(_index, sender=ArticlePage, dispatch_uid="articles-index")
    page_unpublished.connect(_remove, sender=ArticlePage, dispatch_uid="articles-unindex")
    post_delete.connect(_remove, sender=ArticlePage, dispatch_uid="articles-delete")
