"""Formula injection: hostile names and addresses come out of every directory download
(list export, coverage gaps, import template) as inert text."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from content.reference.models import AdminArea, Organization
from tests.spreadsheet_checks import HOSTILE, assert_safe_csv, assert_safe_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_service_point_export_holds_no_live_formula(admin_client, make_service):
    Organization.objects.update(name=HOSTILE[2])
    for number, name in enumerate(HOSTILE):
        make_service(name, address=HOSTILE[-1 - number], latitude="-31.298000")
    url = reverse("wagtailsnippets_directory_servicepoint:list")
    response = admin_client.get(url + "?export=csv")
    assert response.status_code == 200
    assert_safe_csv(_body(response), ["'" + name for name in HOSTILE])
    response = admin_client.get(url + "?export=xlsx")
    assert response.status_code == 200
    assert_safe_xlsx(_body(response), ["'" + name for name in HOSTILE])


def test_coverage_gaps_csv_holds_no_live_formula(admin_client, areas):
    AdminArea.objects.filter(code="310114102202").update(name=HOSTILE[0])
    AdminArea.objects.filter(code="310114103000").update(name=HOSTILE[3])
    response = admin_client.get(reverse("directory_coverage:report"), {"county": "310114000000", "format": "csv"})
    assert response.status_code == 200
    assert_safe_csv(response.content, ["'" + HOSTILE[0], "'" + HOSTILE[3]])


def test_import_templates_are_safe(admin_client):
    url = reverse("directory_import:import")
    assert_safe_csv(admin_client.get(url + "?template=csv").content)
    assert_safe_xlsx(admin_client.get(url + "?template=xlsx").content)


def test_neutralise_touches_text_only():
    from openpyxl import Workbook, load_workbook

    from content.reference.spreadsheets import neutralise, unneutralise, xlsx_append

    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("-3") == "'-3"  # text that looks like a number is still text
    assert neutralise(-3) == -3 and neutralise(-2.5) == -2.5 and neutralise(None) is None
    assert neutralise("南翔村") == "南翔村"
    assert unneutralise("'=1+1") == "=1+1" and unneutralise("'hello") == "'hello"
    for write_only in (False, True):
        workbook = Workbook(write_only=write_only)
        sheet = workbook.create_sheet("t") if write_only else workbook.active
        xlsx_append(sheet, ["=1+1", -3, 2.5, "普通"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        (row,) = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows()
        assert [(c.value, c.data_type) for c in row] == [("'=1+1", "s"), (-3, "n"), (2.5, "n"), ("普通", "s")]
