"""Open Referral HSDS 3.0: our directory as compiled service objects, and back.

Mapping (docs/data-formats.md has the full table):

- ServicePoint → ``service`` (id = ServicePoint.uuid, status = HSDS status as is);
  Organization → ``organization`` (id kept in OrganizationHsdsId);
  address/coordinates → one ``service_at_location`` with a ``location`` and ``address``;
  phones → ``service.phones``; opening hours → ``service.schedules`` (WEEKLY, byday);
  area → ``service_areas`` (extent = 12-digit code, extent_type "text") and the location's
  ``external_identifier``;
  kind, audiences, services offered, fee, booking, illustrative flag → ``attributes``
  with ``taxonomy_term`` objects of our taxonomies (see TAXONOMIES).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from content.reference.phones import normalise_phone

from . import hsds_import_schema as import_schema
from .importing import (
    HoursRow,
    ImportRejected,
    Record,
    RowError,
    hours_warning,
    known_area_codes,
    known_audiences,
    write_records,
)
from .models import BYDAY, Booking, Fee, OrganizationHsdsId, ServiceKind, ServiceOffered, ServicePoint, ServiceStatus
from .opening import unknown_hours_label
from .spreadsheet import ImportResult, parse_time

NAMESPACE = uuid.UUID("6f1c0c9e-4b7a-4f55-9a43-5d1f1d0e2a11")
AREA_CODE_TYPE = "cn-stats-division-code"
ILLUSTRATIVE_ALERT = "示例信息，请以当地公布为准"

#: taxonomy name → (description, vocabulary or None for database-backed ones)
TAXONOMIES = {
    "anxin-service-kind": "安心：服务类型",
    "anxin-audience": "安心：服务人群",
    "anxin-service-offered": "安心：服务项目",
    "anxin-fee": "安心：费用",
    "anxin-booking": "安心：预约方式",
    "anxin-flag": "安心：标记",
}
FLAG_ILLUSTRATIVE = "illustrative"


def stable_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def taxonomy_id(taxonomy: str) -> str:
    return stable_id("taxonomy", taxonomy)


def term(taxonomy: str, code: str, name: str, description: str = "") -> dict:
    return {
        "id": stable_id("term", taxonomy, code),
        "code": code,
        "name": name,
        "description": description or name,
        "taxonomy": taxonomy,
        "taxonomy_id": taxonomy_id(taxonomy),
        "language": "zh-Hans",
    }


def taxonomy_terms() -> list[dict]:
    """Every term of our taxonomies (for docs, the API's taxonomy listing and tests)."""
    from content.reference.models import Audience

    terms = [term("anxin-service-kind", c, str(label)) for c, label in ServiceKind.choices]
    terms += [term("anxin-audience", a.slug, a.name, a.description) for a in Audience.objects.all()]
    terms += [term("anxin-service-offered", o.slug, o.name, o.description) for o in ServiceOffered.objects.all()]
    terms += [term("anxin-fee", c, str(label)) for c, label in Fee.choices]
    terms += [term("anxin-booking", c, str(label)) for c, label in Booking.choices]
    terms.append(term("anxin-flag", FLAG_ILLUSTRATIVE, ILLUSTRATIVE_ALERT))
    return terms


# --- export -------------------------------------------------------------------


def export_queryset(include_defunct: bool = False):
    qs = ServicePoint.objects.filter(live=True) if include_defunct else ServicePoint.objects.public()
    return with_hsds_relations(qs)


def with_hsds_relations(qs):
    return qs.select_related("organization", "organization__hsds_id", "area").prefetch_related(
        "phones", "hours", "audiences", "services_offered"
    )


def _org_uuid(org) -> str:
    try:
        return str(org.hsds_id.hsds_id)
    except OrganizationHsdsId.DoesNotExist:
        return str(OrganizationHsdsId.for_organization(org))


def organization_object(org) -> dict:
    data = {"id": _org_uuid(org), "name": org.name, "description": org.description or org.name}
    if org.website:
        data["website"] = org.website
    if org.email:
        data["email"] = org.email
    return data


def _attribute(sp_id: str, taxonomy: str, code: str, name: str, description: str = "") -> dict:
    t = term(taxonomy, code, name, description)
    return {
        "id": stable_id(sp_id, "attribute", taxonomy, code),
        "link_id": sp_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": t["id"],
        "value": code,
        "taxonomy_term": t,
    }


def _time(t) -> str:
    return t.strftime("%H:%M")


def service_object(sp: ServicePoint) -> dict:
    """The compiled HSDS service object for one entry (relations prefetched)."""
    sid = str(sp.uuid)
    data: dict = {"id": sid, "name": sp.name, "status": sp.status}
    if sp.description:
        data["description"] = sp.description
    if sp.website:
        data["url"] = sp.website
    fees = str(sp.get_fee_display()) + (f"（{sp.fee_note}）" if sp.fee_note else "")
    data["fees_description"] = fees
    data["application_process"] = sp.get_booking_label()
    if sp.last_verified:
        data["assured_date"] = sp.last_verified.isoformat()
    if sp.is_illustrative:
        data["alert"] = ILLUSTRATIVE_ALERT
    if sp.updated_at:
        data["last_modified"] = sp.updated_at.isoformat()
    if sp.organization_id:
        data["organization_id"] = _org_uuid(sp.organization)
        data["organization"] = organization_object(sp.organization)
    phones = []
    for i, phone in enumerate(sp.phones.all()):
        number, _sep, extension = phone.number.partition(" 转 ")
        item = {"id": stable_id(sid, "phone", i), "service_id": sid, "number": number, "type": "voice"}
        if extension:
            item["extension"] = int(extension)
        if phone.label:
            item["description"] = phone.label
        phones.append(item)
    data["phones"] = phones
    schedules = []
    if sp.is_24_7:
        schedules.append(
            {
                "id": stable_id(sid, "schedule", "24/7"),
                "service_id": sid,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": ",".join(BYDAY),
                "opens_at": "00:00",
                "closes_at": "23:59",
                "timezone": 8,
                "description": "全天24小时",
            }
        )
    else:
        for h in sp.hours.all():
            schedules.append(
                {
                    "id": stable_id(sid, "schedule", h.weekday, _time(h.opens), _time(h.closes)),
                    "service_id": sid,
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": BYDAY[h.weekday],
                    "opens_at": _time(h.opens),
                    "closes_at": _time(h.closes),
                    "timezone": 8,
                }
            )
    if sp.hours_note:
        schedules.append({"id": stable_id(sid, "schedule", "note"), "service_id": sid, "notes": sp.hours_note})
    elif not schedules:
        # No schedule at all is "unknown", not "closed": say so in words.
        schedules.append(
            {"id": stable_id(sid, "schedule", "note"), "service_id": sid, "notes": str(unknown_hours_label())}
        )
    data["schedules"] = schedules
    if sp.area_id:
        data["service_areas"] = [
            {
                "id": stable_id(sid, "service_area"),
                "service_id": sid,
                "name": sp.area.name,
                "description": AREA_CODE_TYPE,
                "extent": sp.area_id,
                "extent_type": "text",
            }
        ]
    if sp.address or sp.location or sp.accessibility:
        lid = stable_id(sid, "location")
        location: dict = {"id": lid, "location_type": "physical", "name": sp.name}
        if sp.location:
            location["latitude"], location["longitude"] = sp.location
        if sp.area_id:
            location["external_identifier"] = sp.area_id
            location["external_identifier_type"] = AREA_CODE_TYPE
        if sp.address:
            location["addresses"] = [
                {
                    "id": stable_id(sid, "address"),
                    "location_id": lid,
                    "address_1": sp.address,
                    "city": sp.area.name if sp.area_id else "",
                    "state_province": "",
                    "postal_code": "",
                    "country": "CN",
                    "address_type": "physical",
                }
            ]
        if sp.accessibility:
            location["accessibility"] = [
                {"id": stable_id(sid, "accessibility"), "location_id": lid, "description": sp.accessibility}
            ]
        data["service_at_locations"] = [
            # One location per entry: the service_at_location shares the service's id.
            {"id": sid, "service_id": sid, "location_id": lid, "location": location}
        ]
    attributes = [_attribute(sid, "anxin-service-kind", sp.kind, str(sp.get_kind_display()))]
    attributes += [_attribute(sid, "anxin-audience", a.slug, a.name) for a in sp.audiences.all()]
    attributes += [_attribute(sid, "anxin-service-offered", o.slug, o.name) for o in sp.services_offered.all()]
    attributes.append(_attribute(sid, "anxin-fee", sp.fee, str(sp.get_fee_display())))
    if not (sp.is_remote and sp.booking == Booking.WALK_IN):  # a line is called, never "walked in" to
        attributes.append(_attribute(sid, "anxin-booking", sp.booking, str(sp.get_booking_display())))
    if sp.is_illustrative:
        attributes.append(_attribute(sid, "anxin-flag", FLAG_ILLUSTRATIVE, ILLUSTRATIVE_ALERT))
    data["attributes"] = attributes
    return data


def service_at_location_object(sp: ServicePoint) -> dict | None:
    service = service_object(sp)
    sals = service.get("service_at_locations") or []
    if not sals:
        return None
    sal = dict(sals[0])
    sal["phones"] = service["phones"]
    sal["schedules"] = service["schedules"]
    sal["attributes"] = service["attributes"]
    return sal


def export_services(queryset=None) -> Iterator[dict]:
    qs = queryset if queryset is not None else export_queryset()
    for sp in qs.order_by("pk").iterator(chunk_size=1000):
        yield service_object(sp)


def write_export(path: Path, queryset=None, progress=None) -> int:
    """Stream a JSON list of compiled service objects to ``path``."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        fh.write("[\n")
        for obj in export_services(queryset):
            if count:
                fh.write(",\n")
            fh.write(json.dumps(obj, ensure_ascii=False))
            count += 1
            if progress:
                progress(1)
        fh.write("\n]\n")
    return count


# --- import -------------------------------------------------------------------


def load_records_file(path: Path) -> list[dict]:
    """A JSON list of compiled services, or an HSDS page with ``contents``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))  # a BOM is tolerated
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected([RowError("-", _("文件"), _("不是有效的 JSON：%(e)s") % {"e": exc})])
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    elif isinstance(data, dict) and "id" in data and "name" in data:
        data = [data]
    if not isinstance(data, list):
        raise ImportRejected([RowError("-", _("文件"), _("应为服务对象列表，或带 contents 的 HSDS 列表响应。"))])
    return data


def _terms(obj: dict) -> Iterator[tuple[str, str, str]]:
    """(taxonomy, code, name) for each attribute with a taxonomy term."""
    for attribute in obj.get("attributes") or []:
        t = attribute.get("taxonomy_term") or {}
        taxonomy = t.get("taxonomy") or ""
        yield taxonomy, t.get("code") or attribute.get("value") or "", t.get("name") or ""


def _record_from_hsds(number: int, obj: dict, errors: list[RowError], audiences: set[str]) -> Record | None:
    before = len(errors)

    def error(column: str, message: str):
        errors.append(RowError(number, column, message))

    record = Record(name=(obj.get("name") or "").strip(), kind=ServiceKind.OTHER, row=number)
    if not record.name:
        error("name", _("名称不能为空。"))
    record.name = record.name[:200]
    record.uuid = uuid.UUID(obj["id"])
    record.description = obj.get("description") or ""
    status = obj.get("status")
    record.status = ServiceStatus.TEMPORARILY_CLOSED if status == "inactive" else status
    record.website = obj.get("url") or ""
    if obj.get("assured_date"):
        try:
            record.last_verified = date.fromisoformat(str(obj["assured_date"])[:10])
        except ValueError:
            error("assured_date", _("日期格式应为 YYYY-MM-DD。"))
    org = obj.get("organization") or {}
    if org.get("name"):
        record.organization_name = org["name"][:200]
        record.organization_description = org.get("description") or ""
        record.organization_hsds_id = uuid.UUID(org["id"])
    elif obj.get("organization_id"):
        record.organization_hsds_id = uuid.UUID(obj["organization_id"])
    kind_labels = {str(label): code for code, label in ServiceKind.choices}
    found_kind = False
    for taxonomy, code, name in _terms(obj):
        if taxonomy == "anxin-service-kind" or (not taxonomy and code in ServiceKind.values):
            if code in ServiceKind.values:
                record.kind, found_kind = code, True
            else:
                error("attributes", _("未知的服务类型“%(v)s”。") % {"v": code})
        elif taxonomy == "anxin-audience":
            if code in audiences:
                record.audiences.append(code)
            else:
                error("attributes", _("未知的服务人群“%(v)s”。") % {"v": code})
        elif taxonomy == "anxin-service-offered":
            if code:
                record.services_offered.append((code[:50], name[:50] or code[:50]))
        elif taxonomy == "anxin-fee" and code in Fee.values:
            record.fee = code
        elif taxonomy == "anxin-booking" and code in Booking.values:
            record.booking = code
        elif taxonomy == "anxin-flag" and code == FLAG_ILLUSTRATIVE:
            record.is_illustrative = True
        elif not found_kind and name in kind_labels:
            record.kind, found_kind = kind_labels[name], True
    fees = obj.get("fees_description") or ""
    fee_label = dict(Fee.choices).get(record.fee)
    if fees.startswith(f"{fee_label}（") and fees.endswith("）"):
        record.fee_note = fees[len(str(fee_label)) + 1 : -1][:255]
    elif fees and str(fee_label) != fees:
        record.fee_note = fees[:255]
    sals = obj.get("service_at_locations") or []
    phones = list(obj.get("phones") or [])
    schedules = list(obj.get("schedules") or [])
    if not phones:
        for sal in sals:
            phones += sal.get("phones") or []
    if not schedules:
        for sal in sals:
            schedules += sal.get("schedules") or []
    for phone in phones:
        raw = str(phone.get("number") or "")
        if phone.get("extension") not in (None, ""):
            raw += f" 转 {int(phone['extension'])}"
        try:
            record.phones.append(((phone.get("description") or "")[:50], normalise_phone(raw)))
        except Exception:  # ValidationError
            error("phones", _("“%(v)s”不是有效的电话号码。") % {"v": raw})
    notes = []
    for schedule in schedules:
        if schedule.get("notes") and schedule["notes"] != str(unknown_hours_label()):  # our export's "unknown"
            notes.append(schedule["notes"])
        opens, closes = schedule.get("opens_at"), schedule.get("closes_at")
        if not (opens and closes):
            continue
        days = [d.strip() for d in (schedule.get("byday") or ",".join(BYDAY)).split(",") if d.strip()]
        try:
            o, c = parse_time(opens[:5]), parse_time(closes[:5])
        except ValueError:
            error("schedules", _("时间格式应为 HH:MM：%(o)s–%(c)s") % {"o": opens, "c": closes})
            continue
        if opens[:5] == "00:00" and closes[:5] == "23:59" and len(set(days)) == 7:
            record.is_24_7 = True
            continue
        for day in days:
            day = day[-2:]  # "1MO" style prefixes are ignored
            if day not in BYDAY:
                error("schedules", _("无法识别的星期“%(v)s”。") % {"v": day})
                continue
            record.hours.append(HoursRow(BYDAY.index(day), o, c))
    record.hours_note = "；".join(notes)[:255]
    for area in obj.get("service_areas") or []:
        extent = str(area.get("extent") or "")
        if area.get("description") == AREA_CODE_TYPE and extent.isdigit() and len(extent) == 12:
            record.area_code = extent
    if sals:
        location = sals[0].get("location") or {}
        if not record.area_code and location.get("external_identifier_type") == AREA_CODE_TYPE:
            record.area_code = str(location.get("external_identifier") or "")
        lat, lng = location.get("latitude"), location.get("longitude")
        if lat is not None and lng is not None:
            if not (-90 <= lat <= 90 and -180 <= lng <= 180):
                error("location", _("经纬度超出范围。"))
            else:
                record.latitude = Decimal(str(lat)).quantize(Decimal("0.000001"))
                record.longitude = Decimal(str(lng)).quantize(Decimal("0.000001"))
        addresses = location.get("addresses") or []
        if addresses:
            a = addresses[0]
            parts = [a.get("address_1") or "", a.get("address_2") or ""]
            record.address = " ".join(p for p in parts if p)[:255]
        access = location.get("accessibility") or []
        if access:
            record.accessibility = (access[0].get("description") or access[0].get("details") or "")[:255]
    return record if len(errors) == before else None


def read_hsds(objects: list[dict]) -> list[Record]:
    """Validate every object (the shape of what we read, then our rules); raise ImportRejected
    listing all problems. The shape is our own schema (hsds_import_schema), never the official files."""
    validator = import_schema.service_validator()
    errors: list[RowError] = []
    records: list[Record] = []
    audiences = known_audiences()
    seen: set[str] = set()
    for number, obj in enumerate(objects, start=1):
        if not isinstance(obj, dict):
            errors.append(RowError(number, "-", _("不是 JSON 对象。")))
            continue
        schema_errors = sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path))
        for err in schema_errors[:20]:
            path = "/".join(str(p) for p in err.absolute_path) or "-"
            errors.append(RowError(number, path, err.message))
        if schema_errors:
            continue
        if obj["id"] in seen:
            errors.append(RowError(number, "id", _("重复的服务 id %(v)s。") % {"v": obj["id"]}))
            continue
        seen.add(obj["id"])
        record = _record_from_hsds(number, obj, errors, audiences)
        if record is not None:
            records.append(record)
    known = known_area_codes(r.area_code for r in records)
    for r in records:
        if r.area_code and r.area_code not in known:
            errors.append(RowError(r.row, "service_areas", _("未知的区划代码 %(v)s。") % {"v": r.area_code}))
    if errors:
        raise ImportRejected(errors)
    return records


def import_hsds(objects: Iterable[dict], progress=None) -> ImportResult:
    """(created, updated), with ``warnings`` for hotlines and online services without hours."""
    records = read_hsds(list(objects))
    warnings = [w for r in records if (w := hours_warning(r, "schedules"))]
    created, updated = write_records(records, progress=progress)
    return ImportResult(created, updated, warnings=warnings)
