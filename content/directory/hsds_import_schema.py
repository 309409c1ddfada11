"""What ``import_hsds`` checks before our own rules: the shape of the fields we read.

This is the project's own schema, written for the importer: it names only the parts of an
HSDS 3.0 compiled service object that ``hsds._record_from_hsds`` reads, with the types
HSDS gives them, so a record from any publisher either reads cleanly or is rejected with
the path of the offending field. Everything else in a record is allowed and ignored.

The official Open Referral schemas are not part of this repository (they are CC BY-SA
and kept beside the project, in ``../shared/hsds-3.0``, for the tests only): the tests
check that every record we *export* validates against them, and that they accept what
this schema accepts for the official examples. Nothing here is read from disk.
"""

from __future__ import annotations

from functools import cache

STATUSES = ["active", "inactive", "defunct", "temporarily closed"]


def _text() -> dict:
    return {"type": "string"}


def _uuid() -> dict:
    return {"type": "string", "format": "uuid"}


def _list_of(item: dict) -> dict:
    return {"type": "array", "items": item}


def _object(properties: dict, required: tuple[str, ...] = ()) -> dict:
    node: dict = {"type": "object", "properties": properties}
    if required:
        node["required"] = list(required)
    return node


PHONE = _object(
    {"number": _text(), "extension": {"type": ["number", "string"], "pattern": r"^\d+$"}, "description": _text()},
    required=("number",),
)
SCHEDULE = _object({"byday": _text(), "opens_at": _text(), "closes_at": _text(), "notes": _text()})
ATTRIBUTE = _object(
    {
        "value": _text(),
        "taxonomy_term": _object({"taxonomy": _text(), "code": _text(), "name": _text()}),
    }
)
LOCATION = _object(
    {
        "latitude": {"type": "number"},
        "longitude": {"type": "number"},
        "external_identifier": _text(),
        "external_identifier_type": _text(),
        "addresses": _list_of(_object({"address_1": _text(), "address_2": _text()})),
        "accessibility": _list_of(_object({"description": _text(), "details": _text()})),
    }
)

SERVICE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Anxin: the fields import_hsds reads from an HSDS 3.0 compiled service",
    **_object(
        {
            "id": _uuid(),
            "name": _text(),
            "status": {"type": "string", "enum": STATUSES},
            "description": _text(),
            "url": _text(),
            "assured_date": _text(),
            "fees_description": _text(),
            "organization_id": _uuid(),
            "organization": _object({"id": _uuid(), "name": _text(), "description": _text()}, required=("id",)),
            "attributes": _list_of(ATTRIBUTE),
            "phones": _list_of(PHONE),
            "schedules": _list_of(SCHEDULE),
            "service_areas": _list_of(_object({"extent": _text(), "description": _text()})),
            "service_at_locations": _list_of(
                _object({"location": LOCATION, "phones": _list_of(PHONE), "schedules": _list_of(SCHEDULE)})
            ),
        },
        required=("id", "name", "status"),
    ),
}


@cache
def service_validator():
    """A jsonschema validator for one incoming service object (format checks on: uuid)."""
    from jsonschema import Draft202012Validator, FormatChecker

    Draft202012Validator.check_schema(SERVICE)
    return Draft202012Validator(SERVICE, format_checker=FormatChecker())
