"""Keep the search index in step with the directory.

Saving (including publish/unpublish, which save the object) re-reads the entry from
the database after the transaction commits, so a "save draft" never indexes draft
values; defunct or unpublished entries are removed from the index.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .counts import directory_changed

logger = logging.getLogger(__name__)
_suspended: ContextVar[bool] = ContextVar("directory_index_suspended", default=False)


@contextmanager
def indexing_suspended():
    """Bulk jobs (imports, demo) index once at the end with ``reindex(ids)``."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def reindex(pks) -> None:
    """Index the public ones among ``pks`` and delete the others from the index."""
    from .models import ServicePoint
    from .search_docs import document_id, documents_for

    pks = list(pks)
    if not pks:
        return
    try:
        from search.index import delete_documents, index_documents
    except ImportError:  # the search layer is not installed yet
        logger.debug("search.index unavailable; directory entries not indexed")
        directory_changed()
        return
    try:
        for start in range(0, len(pks), 1000):
            chunk = pks[start : start + 1000]
            docs = list(documents_for(ServicePoint.objects.filter(pk__in=chunk)))
            public = {int(d.id.split(":")[1]) for d in docs}
            if docs:
                index_documents(docs)
            gone = [document_id(pk) for pk in chunk if pk not in public]
            if gone:
                delete_documents(gone)
    except Exception:  # never let the search layer break an editor's save
        logger.exception("indexing directory entries failed")
    # after the rows are committed and the index is written: no request re-renders a
    # directory page or counts the old rows under the new generation
    directory_changed()


def _schedule(pk) -> None:
    if _suspended.get():
        return
    transaction.on_commit(lambda: reindex([pk]))


def _on_save(sender, instance, **kwargs):
    directory_changed()
    _schedule(instance.pk)


def _on_delete(sender, instance, **kwargs):
    directory_changed()
    if _suspended.get():
        return
    pk = instance.pk
    transaction.on_commit(lambda: reindex([pk]))


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_") and getattr(instance, "pk", None):
        directory_changed()
        _schedule(instance.pk)


def connect() -> None:
    from .models import ServicePoint

    post_save.connect(_on_save, sender=ServicePoint, dispatch_uid="directory_sp_save")
    post_delete.connect(_on_delete, sender=ServicePoint, dispatch_uid="directory_sp_delete")
    for field in ("audiences", "services_offered"):
        through = getattr(ServicePoint, field).through
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"directory_sp_m2m_{field}")
