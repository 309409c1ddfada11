"""HSDS 3.0: every exported record validates (plain and stricter check), round trip,
idempotent import, all-or-nothing rejection, foreign publishers, the read API."""

import copy
import json
from datetime import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker

from content.directory import hsds_import_schema
from content.directory.hsds import import_hsds, service_object, stable_id, with_hsds_relations
from content.directory.importing import ImportRejected
from content.directory.models import ServicePoint

pytestmark = pytest.mark.django_db

FORMAT_CHECKER = FormatChecker()


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _is_datetime(value):  # jsonschema checks date-time only with optional extras installed
    return datetime.fromisoformat(value) is not None


@pytest.fixture
def sample(make_service):
    """A hotline, a 24/7 line, a room with everything, an overnight schedule, a closed one."""
    return [
        make_service(
            "南翔村甲心理咨询室",
            phones=[("预约电话", "021-39590800"), ("", "13812345678"), ("分机", "021-39590800 转 123")],
            hours=[(0, "09:00", "11:30"), (0, "13:30", "17:00"), (6, "20:00", "02:00")],
            audience_slugs=("elders", "parents"),
            offered_slugs=("counselling", "crisis-intervention"),
            fee="self_pay",
            fee_note="每次 50 元",
            booking="appointment",
            accessibility="一楼，有坡道",
            hours_note="法定节假日休息",
            description="社区心理服务。",
            website="https://example.org/room",
            is_illustrative=True,
        ),
        make_service(
            "上海市心理热线 962525",
            kind="hotline",
            area_id="310000000000",
            address="",
            latitude=None,
            longitude=None,
            phones=[("心理热线", "962525")],
            hours=[],
            is_24_7=True,
            organization=None,
        ),
        make_service("暂停的点", status="temporarily closed", hours=[]),
    ]


OFFICIAL = settings.BASE_DIR.parent / "shared" / "hsds-3.0"


@pytest.fixture
def official():
    """The official HSDS 3.0 schemas and examples beside the project (never in it, CC BY-SA).
    CI and the developers' machines have them; a lone clone skips these checks."""
    if not (OFFICIAL / "schema" / "compiled" / "service.json").is_file():
        pytest.skip(f"the official HSDS 3.0 schemas are not at {OFFICIAL} (checked only where ../shared exists)")
    return OFFICIAL


def additional_properties_false(node):
    """compiletojsonschema --set-additional-properties-false-everywhere, as the spec's
    validate_examples_json_schema.sh runs it."""
    if isinstance(node, dict):
        node = {k: additional_properties_false(v) for k, v in node.items()}
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [additional_properties_false(v) for v in node]
    return node


def official_validator(official, strict=False):
    schema = json.loads((official / "schema" / "compiled" / "service.json").read_text(encoding="utf-8"))
    return Draft202012Validator(
        additional_properties_false(schema) if strict else schema, format_checker=FORMAT_CHECKER
    )


def strict_validator(official):
    return official_validator(official, strict=True)


def official_example(official):
    return json.loads((official / "examples" / "service_full.json").read_text(encoding="utf-8"))


def exported(points):
    return [
        service_object(sp) for sp in with_hsds_relations(ServicePoint.objects.filter(pk__in=[p.pk for p in points]))
    ]


def test_official_examples_pass_our_stricter_check(official):
    """Our reproduction of validate_examples_json_schema.sh accepts what the spec ships."""
    example = official_example(official)
    assert list(strict_validator(official).iter_errors(example)) == []
    broken = dict(example, colour="blue")
    assert any("additional" in e.message.lower() for e in strict_validator(official).iter_errors(broken))


def test_our_import_schema_accepts_the_official_examples(official):
    """The importer's own schema (the fields we read) is no stricter than HSDS: every
    service in the official examples passes it."""
    ours = hsds_import_schema.service_validator()
    example = official_example(official)
    listed = json.loads((official / "examples" / "service_list.json").read_text(encoding="utf-8"))
    for service in [example, *listed["contents"]]:
        assert [e.message for e in ours.iter_errors(service)] == []


def test_our_import_schema_rejects_wrong_shapes():
    ours = hsds_import_schema.service_validator()
    good = {"id": "6f1c0c9e-4b7a-4f55-9a43-5d1f1d0e2a11", "name": "热线", "status": "active"}
    assert list(ours.iter_errors(good)) == []
    for bad, where in [
        ({**good, "id": "not-a-uuid"}, ["id"]),
        ({**good, "status": "open"}, ["status"]),
        ({k: v for k, v in good.items() if k != "name"}, []),
        ({**good, "phones": [{"number": 12356}]}, ["phones", 0, "number"]),
        ({**good, "phones": [{"number": "12356", "extension": "转1"}]}, ["phones", 0, "extension"]),
        ({**good, "service_at_locations": [{"location": {"latitude": "31.2"}}]},
         ["service_at_locations", 0, "location", "latitude"]),
        ({**good, "organization": {"name": "无 id 的机构"}}, ["organization"]),
    ]:  # fmt: skip
        assert [list(e.absolute_path) for e in ours.iter_errors(bad)] == [where], bad


def test_every_exported_record_validates_with_zero_errors(sample, official):
    plain = official_validator(official)
    strict = strict_validator(official)
    records = exported(sample)
    assert len(records) == 3
    for record in records:
        assert [e.message for e in plain.iter_errors(record)] == []
        assert [e.message for e in strict.iter_errors(record)] == []


def test_export_maps_our_fields(sample):
    room = next(r for r in exported(sample) if r["name"] == "南翔村甲心理咨询室")
    assert room["status"] == "active"
    assert [p["number"] for p in room["phones"]] == ["021-39590800", "13812345678", "021-39590800"]
    assert room["phones"][2]["extension"] == 123
    days = sorted((s.get("byday"), s.get("opens_at"), s.get("closes_at")) for s in room["schedules"] if s.get("byday"))
    assert ("SU", "20:00", "02:00") in days and ("MO", "09:00", "11:30") in days
    terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in room["attributes"]}
    assert {
        ("anxin-service-kind", "consultation_room"),
        ("anxin-audience", "elders"),
        ("anxin-fee", "self_pay"),
    } <= terms
    location = room["service_at_locations"][0]["location"]
    assert location["external_identifier"] == "310114102201"
    assert (location["latitude"], location["longitude"]) == (31.298, 121.318)
    assert room["organization"]["name"] == "测试社区卫生服务中心"


def snapshot(sp: ServicePoint) -> dict:
    sp = ServicePoint.objects.get(uuid=sp.uuid)
    fields = [
        "name", "kind", "description", "area_id", "address", "latitude", "longitude", "website", "is_24_7",
        "hours_note", "fee", "fee_note", "accessibility", "booking", "status", "last_verified", "is_illustrative",
    ]  # fmt: skip
    data = {f: getattr(sp, f) for f in fields}
    data["organization"] = sp.organization.name if sp.organization else None
    data["phones"] = [(p.label, p.number) for p in sp.phones.all()]
    data["hours"] = sorted((h.weekday, h.opens, h.closes) for h in sp.hours.all())
    data["audiences"] = sorted(a.slug for a in sp.audiences.all())
    data["offered"] = sorted(o.slug for o in sp.services_offered.all())
    return data


def test_import_of_export_is_identity_and_idempotent(sample):
    before = {str(sp.uuid): snapshot(sp) for sp in sample}
    records = exported(sample)
    # Wreck the data, then import the export: everything comes back.
    ServicePoint.objects.filter(pk__in=[s.pk for s in sample]).update(name="x", address="", status="defunct")
    for sp in sample:
        sp.phones.all().delete()
    created, updated = import_hsds(copy.deepcopy(records))
    assert (created, updated) == (0, 3)
    assert {str(sp.uuid): snapshot(sp) for sp in sample} == before
    assert import_hsds(copy.deepcopy(records)) == (0, 3)
    assert ServicePoint.objects.count() == 3


def test_import_into_an_empty_directory_creates_the_same_entries(sample, tmp_path):
    before = {str(sp.uuid): snapshot(sp) for sp in sample}
    out = tmp_path / "out"
    call_command("export_hsds", str(out), verbosity=0)
    ServicePoint.objects.all().delete()
    call_command("import_hsds", str(out / "services.json"), verbosity=0)
    assert {str(sp.uuid): snapshot(sp) for sp in ServicePoint.objects.all()} == before


def test_bad_records_reject_the_whole_file(sample):
    records = exported(sample)
    bad_phone = copy.deepcopy(records[0])
    bad_phone["phones"][0]["number"] = "12"
    bad_area = copy.deepcopy(records[1])
    bad_area["service_areas"][0]["extent"] = "999999999999"
    no_name = copy.deepcopy(records[2])
    del no_name["name"]
    names_before = sorted(ServicePoint.objects.values_list("name", flat=True))
    for r in (bad_phone, bad_area):
        r["name"] = "改过的名字"
    with pytest.raises(ImportRejected) as exc:
        import_hsds([bad_phone, bad_area, no_name])
    problems = {(e.row, e.column) for e in exc.value.errors}
    assert (1, "phones") in problems and (2, "service_areas") in problems and (3, "-") in problems
    assert sorted(ServicePoint.objects.values_list("name", flat=True)) == names_before


def test_foreign_publishers_official_example_imports(areas, official):
    example = official_example(official)
    # The example is a UK service: give it a number our phone rules accept, the rest as published.
    example["phones"] = [{"id": example["phones"][0]["id"], "number": "010-82951332"}]
    for sal in example.get("service_at_locations", []):
        sal["phones"] = []
        # The example's location says latitude 100, longitude 101: out of range, which we refuse.
        sal["location"]["latitude"], sal["location"]["longitude"] = 51.5, -0.12
    created, _ = import_hsds([example])
    sp = ServicePoint.objects.get(uuid=example["id"])
    assert created == 1 and sp.name == example["name"] and sp.kind == "other"
    assert sorted(h.weekday for h in sp.hours.all()) == [3, 4]  # byday TH,FR
    assert [p.number for p in sp.phones.all()] == ["010-82951332"]
    assert sp.organization.name == example["organization"]["name"]


def test_foreign_phone_numbers_are_reported(areas, official):
    example = official_example(official)
    with pytest.raises(ImportRejected) as exc:
        import_hsds([example])
    assert {e.column for e in exc.value.errors} >= {"phones", "location"}  # +44 number; latitude 100
    assert not ServicePoint.objects.exists()


def test_list_response_with_contents_is_accepted(sample, tmp_path):
    page = {"total_items": 3, "contents": exported(sample)}
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    call_command("import_hsds", str(path), verbosity=0)
    assert ServicePoint.objects.count() == 3


# --- the read API ---------------------------------------------------------------------


def test_api_root_and_paging_shape(client, sample):
    assert client.get("/api/hsds/").json()["version"] == "3.0"
    page = client.get("/api/hsds/services", {"per_page": 2}).json()
    assert {k: page[k] for k in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page")} == {
        "total_items": 3, "total_pages": 2, "page_number": 1, "size": 2, "first_page": True, "last_page": False,
    }  # fmt: skip
    last = client.get("/api/hsds/services", {"per_page": 2, "page": 2}).json()
    assert last["size"] == 1 and last["last_page"] and not last["empty"]


def test_api_records_validate_against_the_official_schema(client, sample, official):
    strict = strict_validator(official)
    for record in client.get("/api/hsds/services").json()["contents"]:
        assert list(strict.iter_errors(record)) == []


def test_api_detail_search_taxonomy_and_modified_after(client, sample):
    room = sample[0]
    detail = client.get(reverse("directory:hsds_service", args=[room.uuid])).json()
    assert detail["id"] == str(room.uuid)
    from content.directory.search_docs import documents_for
    from search.index import index_documents_now

    index_documents_now(documents_for(ServicePoint.objects.all()))  # what publishing does after commit
    found = client.get("/api/hsds/services", {"search": "962525"}).json()
    assert [c["name"] for c in found["contents"]] == ["上海市心理热线 962525"]
    assert client.get("/api/hsds/services", {"search": "熱線"}).json()["total_items"] == 1  # traditional
    assert client.get("/api/hsds/services", {"search": "不存在的词语"}).json()["total_items"] == 0
    term_id = stable_id("term", "anxin-service-kind", "hotline")
    assert client.get("/api/hsds/services", {"taxonomy_term_id": term_id}).json()["total_items"] == 1

    def term_total(taxonomy, code):
        params = {"taxonomy_term_id": stable_id("term", taxonomy, code), "per_page": 50}
        page = client.get("/api/hsds/services", params).json()
        assert len({c["id"] for c in page["contents"]}) == page["size"] == page["total_items"]  # no duplicates
        return page["total_items"]

    # the room names two audiences and two services offered: still counted once
    assert term_total("anxin-audience", "elders") == 3
    assert term_total("anxin-audience", "parents") == 1
    assert term_total("anxin-service-offered", "counselling") == 3
    assert term_total("anxin-service-offered", "crisis-intervention") == 1
    assert client.get("/api/hsds/services", {"modified_after": "2999-01-01"}).json()["total_items"] == 0
    assert client.get("/api/hsds/services", {"modified_after": "2000-01-01T00:00:00"}).json()["total_items"] == 3
    assert client.get("/api/hsds/services", {"modified_after": "昨天"}).status_code == 400
    assert client.get("/api/hsds/services", {"page": "x"}).status_code == 400


def test_api_organizations_and_service_at_locations(client, sample):
    orgs = client.get("/api/hsds/organizations").json()
    assert [o["name"] for o in orgs["contents"]] == ["测试社区卫生服务中心"]
    org = client.get(
        reverse("directory:hsds_organization", args=[orgs["contents"][0]["id"]]), {"full_service": "true"}
    ).json()
    assert len(org["services"]) == 2
    sals = client.get("/api/hsds/service_at_locations").json()
    assert sals["total_items"] == 2  # the hotline has no location
    one = client.get(reverse("directory:hsds_service_at_location", args=[sals["contents"][0]["id"]])).json()
    assert one["location"]["location_type"] == "physical"


def test_defunct_and_draft_entries_never_reach_the_api(client, make_service):
    gone = make_service("撤销", status="defunct")
    draft = make_service("草稿", live=False)
    make_service("正常")
    listing = client.get("/api/hsds/services").json()
    assert [c["name"] for c in listing["contents"]] == ["正常"]
    for sp in (gone, draft):
        assert client.get(reverse("directory:hsds_service", args=[sp.uuid])).status_code == 404
        assert client.get(reverse("directory:hsds_service_at_location", args=[sp.uuid])).status_code == 404
    sals = client.get("/api/hsds/service_at_locations").json()
    assert [c["location"]["name"] for c in sals["contents"]] == ["正常"]
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 404


def test_api_totals_are_counted_once_per_change_and_stay_exact(
    client, make_service, admin_client, django_capture_on_commit_callbacks
):
    """Each change bumps the directory generation once its transaction commits (the test's
    own transaction never does: ``committed()`` runs the on-commit callbacks as a commit would)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from content.directory.models import ServiceStatus

    first = make_service("一号")
    make_service("二号")

    def total(**params):
        with CaptureQueriesContext(connection) as queries:
            value = client.get("/api/hsds/services", params).json()["total_items"]
        counted = any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        return value, counted

    assert total() == (2, True)
    assert total() == (2, False)  # the cached count
    assert total(modified_after="2000-01-01") == (2, True)  # other filters, another count

    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    with committed():
        make_service("三号")
    assert total() == (3, True)
    first.status = ServiceStatus.DEFUNCT
    with committed():
        first.save()
    assert total() == (2, True)
    with committed():
        ServicePoint.objects.get(name="二号").delete()
    assert total() == (1, True)
    # the bulk "mark verified" action changes updated_at through update(): modified_after counts follow
    three = ServicePoint.objects.get(name="三号")
    ServicePoint.objects.filter(pk=three.pk).update(updated_at="2001-01-01T00:00:00Z")
    from content.directory.counts import directory_changed

    with committed():
        directory_changed()
    assert total(modified_after="2020-01-01") == (0, True)
    with committed():
        response = admin_client.post(
            reverse("wagtail_bulk_action", args=("directory", "servicepoint", "mark_verified")) + f"?id={three.pk}",
            {"next": "/admin/"},
        )
    assert response.status_code == 302
    assert total(modified_after="2020-01-01") == (1, True)
