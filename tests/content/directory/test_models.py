"""ServicePoint rules: what is public, denormalised area code, search documents and signals,
the helpers other apps call."""

import pytest

from content.directory.models import ServicePoint
from content.directory.queries import hotlines, nearest_services, public_service_points, services_for_audience
from content.directory.search_docs import all_documents, build_document

pytestmark = pytest.mark.django_db


def test_public_means_live_and_not_defunct(make_service):
    active = make_service("正常")
    closed = make_service("暂停", status="temporarily closed")
    gone = make_service("撤销", status="defunct")
    draft = make_service("草稿", live=False)
    assert set(public_service_points()) == {active, closed}
    gone.status = "active"
    gone.save()
    draft.live = True
    draft.save(update_fields=["live"])
    assert set(public_service_points()) == {active, closed, gone, draft}


def test_save_draft_style_partial_saves_leave_public_flags_alone(make_service):
    sp = make_service("已发布")
    sp.status = "defunct"  # the in-memory draft value
    sp.save(update_fields=["has_unpublished_changes"])
    assert ServicePoint.objects.get(pk=sp.pk).is_public


def test_area_code_is_denormalised(make_service):
    sp = make_service(area_id="310114103201")
    assert sp.area_code == "310114103201"
    sp.area_id = None
    sp.kind = "hotline"
    sp.save()
    assert ServicePoint.objects.get(pk=sp.pk).area_code == ""


def test_search_documents_carry_area_ancestors_and_nothing_time_dependent(make_service):
    sp = make_service(audience_slugs=("elders", "parents"))
    doc = build_document(sp)
    assert doc.id == f"service:{sp.pk}" and doc.kind == "service" and doc.url == sp.get_url()
    assert doc.areas == ["31", "3101", "310114", "310114102", "310114102201"]
    assert doc.facets["service_kind"] == ["consultation_room"] and sorted(doc.audiences) == ["elders", "parents"]
    assert doc.location == (31.298, 121.318)
    assert doc.phones == [{"number": "021-39590800", "label": "预约电话", "href": "tel:02139590800"}]
    assert "open" not in " ".join(doc.payload).lower()


def test_provider_yields_only_public_entries(make_service):
    make_service("正常")
    make_service("撤销", status="defunct")
    make_service("草稿", live=False)
    assert [d.title for d in all_documents()] == ["正常"]


def test_saving_indexes_and_defunct_deletes(make_service, monkeypatch, django_capture_on_commit_callbacks):
    import search.index

    indexed, deleted = [], []
    monkeypatch.setattr(search.index, "index_documents", lambda docs, **kw: indexed.extend(d.id for d in docs))
    monkeypatch.setattr(search.index, "delete_documents", lambda ids, **kw: deleted.extend(ids))
    with django_capture_on_commit_callbacks(execute=True):
        sp = make_service()
    assert f"service:{sp.pk}" in indexed
    with django_capture_on_commit_callbacks(execute=True):
        sp.status = "defunct"
        sp.save()
    assert deleted == [f"service:{sp.pk}"]
    pk = sp.pk
    deleted.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sp.delete()
    assert deleted == [f"service:{pk}"]


def test_helpers_for_other_apps(make_service, audiences):
    near = make_service("近的", latitude="31.300000", longitude="121.320000", audience_slugs=("elders",))
    far = make_service("远的", latitude="31.450000", longitude="121.200000", audience_slugs=("parents",))
    make_service("撤销的", latitude="31.300100", longitude="121.320100", status="defunct")
    line = make_service("热线", kind="hotline", area_id=None, latitude=None, longitude=None, is_24_7=True)
    result = nearest_services(31.3, 121.32, limit=5)
    assert [s.name for s in result] == ["近的", "远的"]
    assert result[0].distance_km < 0.01 < result[1].distance_km < 25
    assert nearest_services(31.3, 121.32, kinds=["hospital_clinic"]) == []
    assert services_for_audience(audiences["parents"]) == [far]
    assert services_for_audience("elders", limit=1)[0] in (near, line)
    assert list(hotlines()) == [line]
