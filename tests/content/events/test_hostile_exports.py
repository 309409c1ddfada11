"""Formula injection: hostile names and titles come out of every events download as
inert text (CSV and XLSX read back as a spreadsheet program would)."""

import pytest
from django.urls import reverse

from content.reference.models import AdminArea, Audience, Organization
from tests.content.events.conftest import local, make_event, make_report
from tests.spreadsheet_checks import HOSTILE, assert_safe_csv, assert_safe_xlsx

RANGE = "?date_from=2030-01-01&date_to=2030-12-31"


@pytest.fixture
def hostile(event_index, org_a, village, campaign, elders):
    Organization.objects.filter(pk=org_a.pk).update(name=HOSTILE[0])
    AdminArea.objects.filter(pk=village.pk).update(name=HOSTILE[1])
    Audience.objects.filter(pk=elders.pk).update(name=HOSTILE[3])
    events = []
    for number, title in enumerate(HOSTILE):
        event = make_event(
            event_index, org_a, village, title=title, campaign=campaign, audiences=[elders],
            start=local(2030, 2, 1 + number, 10),
        )  # fmt: skip
        make_report(event, attendees=10 + number, online_views=1, materials=0, volunteers=1)
        events.append(event)
    return events


def test_reports_csv_and_xlsx_hold_no_live_formula(client, hostile, superuser):
    client.force_login(superuser)
    url = reverse("event_reports:index") + RANGE
    for key, expect in {
        "month": [],
        "campaign": [],
        "area": [],
        "organizer": ["'" + HOSTILE[0]],
        "audience": ["'" + HOSTILE[3]],
        "kind": [],
        "progress": [],
    }.items():
        response = client.get(f"{url}&format=csv&table={key}")
        assert response.status_code == 200, key
        assert_safe_csv(response.content, expect)
    response = client.get(f"{url}&format=xlsx")
    assert response.status_code == 200
    cells = assert_safe_xlsx(response.content, ["'" + HOSTILE[0], "'" + HOSTILE[3]])
    numbers = [c.value for c in cells if c.data_type == "n" and c.value is not None]
    assert numbers and all(isinstance(v, int | float) for v in numbers)  # counts stay numbers


def test_area_level_report_names_the_hostile_village(client, hostile, superuser):
    client.force_login(superuser)
    url = reverse("event_reports:index") + RANGE + "&area_level=5&format=csv&table=area"
    response = client.get(url)
    assert response.status_code == 200
    assert_safe_csv(response.content)


def test_attendance_export_holds_no_live_formula(client, hostile, superuser):
    client.force_login(superuser)
    url = reverse("wagtailsnippets_events_attendancereport:list")
    response = client.get(url + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert_safe_csv(body, ["'" + title for title in HOSTILE])
    response = client.get(url + "?export=xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert_safe_xlsx(body, ["'" + title for title in HOSTILE])
