"""A hotline or online service saved or imported without any hours gets a warning (issue
#17.1): in the admin as an editor, in the spreadsheet import and in the HSDS import. The
entry is still saved; an entry with hours (or a consultation room) gets no warning."""

import copy

import pytest
from django.core.management import call_command
from django.urls import reverse

from content.directory.hsds import import_hsds, service_object
from content.directory.models import ServicePoint
from content.directory.spreadsheet import import_file
from content.home.roles import ROLE_EDITORS
from tests.content.directory.test_import import row, write_csv
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_directory_servicepoint:add"
WARNING = "热线或线上服务没有填写开放时间"


def form_data(**values):
    data = {
        "name": "新热线",
        "kind": "hotline",
        "status": "active",
        "fee": "free",
        "booking": "walk_in",
        "phones-TOTAL_FORMS": "1",
        "phones-INITIAL_FORMS": "0",
        "phones-MIN_NUM_FORMS": "0",
        "phones-MAX_NUM_FORMS": "1000",
        "phones-0-label": "热线",
        "phones-0-number": "12356",
        "phones-0-ORDER": "1",
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    data.update(values)
    return data


@pytest.fixture
def editor_client(client, areas):
    client.force_login(make_user("hours_editor", role=ROLE_EDITORS))
    return client


def messages_after(client, response) -> str:
    assert response.status_code == 302, response.content.decode()[:1500]
    return client.get(response["Location"]).content.decode()


def test_editor_saving_a_hotline_without_hours_is_warned(editor_client):
    page = messages_after(editor_client, editor_client.post(reverse(ADD), form_data()))
    assert WARNING in page
    assert ServicePoint.objects.get(name="新热线")  # saved anyway


@pytest.mark.parametrize(
    "values",
    [
        {"is_24_7": "on"},
        {"hours_note": "每天 8:00–22:00"},
        {
            "hours-TOTAL_FORMS": "1",
            "hours-0-weekday": "0",
            "hours-0-opens": "09:00",
            "hours-0-closes": "17:00",
        },
        {"kind": "consultation_room", "area": "310114102201"},
    ],
    ids=["24/7", "note", "weekly", "not a hotline"],
)
def test_no_warning_when_hours_are_known(editor_client, values):
    page = messages_after(editor_client, editor_client.post(reverse(ADD), form_data(**values)))
    assert WARNING not in page
    assert ServicePoint.objects.filter(name="新热线").exists()


def test_spreadsheet_import_warns_and_imports(areas, audiences, offered, organization, tmp_path, capsys):
    rows = [
        row(名称="没写时间的热线", 类型="hotline", 区划代码="", 地址="", 纬度="", 经度="", 开放时间=""),
        row(名称="全天热线", 类型="hotline", 区划代码="", 地址="", 纬度="", 经度="", 开放时间="24/7"),
        row(),
    ]
    path = write_csv(tmp_path / "lines.csv", rows)
    result = import_file(path)
    assert result.created == 3
    assert [(w.row, w.column) for w in result.warnings] == [(2, "开放时间")]
    assert WARNING in str(result.warnings[0])
    # the command says so too (and still imports)
    call_command("import_directory", str(path), verbosity=1)
    assert WARNING in capsys.readouterr().err


def test_spreadsheet_import_in_the_admin_shows_the_warning(editor_client, audiences, offered, organization, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = write_csv(tmp_path / "lines.csv", [row(名称="没写时间的热线", 类型="hotline", 区划代码="", 开放时间="")])
    upload = SimpleUploadedFile("lines.csv", path.read_bytes(), content_type="text/csv")
    response = editor_client.post(reverse("directory_import:import"), {"file": upload})
    if response.status_code == 403:
        pytest.skip("editors may not import")
    page = messages_after(editor_client, response)
    assert WARNING in page


def test_hsds_import_warns(make_service):
    line = make_service("没写时间的热线", kind="hotline", area_id=None, address="", hours=())
    room = make_service("有时间的咨询室")
    records = [service_object(ServicePoint.objects.get(pk=pk)) for pk in (line.pk, room.pk)]
    result = import_hsds(copy.deepcopy(records))
    assert tuple(result) == (0, 2)
    assert len(result.warnings) == 1 and WARNING in str(result.warnings[0])
