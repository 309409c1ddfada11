"""Events hand the search layer documents and keep it fresh on publish, unpublish and delete."""

import pytest

from content.events.search import event_document, provide_documents
from search import registry
from search.documents import SearchDocument
from tests.content.events.conftest import local, make_event


@pytest.fixture
def calls(monkeypatch):
    import search.index

    recorded = {"index": [], "delete": []}
    # search.page_index writes after the commit, through the *_now functions
    monkeypatch.setattr(search.index, "index_documents_now", lambda docs: recorded["index"].append(list(docs)))
    monkeypatch.setattr(search.index, "delete_documents_now", lambda ids: recorded["delete"].append(list(ids)))
    return recorded


def test_document_shape(event_index, org_a, village, elders, parents):
    page = make_event(
        event_index, org_a, village, title="失眠与焦虑讲座", start=local(2031, 5, 6, 14), audiences=[elders, parents]
    )
    doc = event_document(page)
    assert isinstance(doc, SearchDocument)
    assert doc.id == f"event:{page.pk}"
    assert doc.kind == "event"
    assert doc.title == "失眠与焦虑讲座"
    assert doc.areas == ["31", "3101", "310114", "310114102", "310114102001"]
    assert sorted(doc.audiences) == sorted([elders.slug, parents.slug])
    assert doc.date == page.start
    assert doc.payload["start"] == "2031-05-06T14:00:00+08:00"
    assert doc.payload["venue"] == page.address
    assert doc.url == page.url


def test_provider_is_registered_and_lists_live_events_only(event_index, org_a, village):
    live = make_event(event_index, org_a, village, title="已发布")
    make_event(event_index, org_a, village, title="草稿", publish=False)
    assert registry.providers()["event"] is provide_documents
    assert [doc.id for doc in provide_documents()] == [f"event:{live.pk}"]


def test_publish_unpublish_delete_update_the_index(
    calls, event_index, org_a, village, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_event(event_index, org_a, village, title="健步走")
    assert [[doc.id for doc in batch] for batch in calls["index"]] == [[f"event:{page.pk}"]]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert calls["delete"] == [[f"event:{page.pk}"]]
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert calls["delete"][-1] == [f"event:{page.pk}"]
