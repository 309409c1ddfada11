"""Spreadsheet import: CSV and XLSX, all or nothing, every bad row reported with row and column."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from content.directory.importing import ImportRejected
from content.directory.models import ServicePoint
from content.directory.spreadsheet import COLUMNS, import_file, template_csv, template_xlsx

pytestmark = pytest.mark.django_db

HEADERS = [header for _k, header, _r, _e in COLUMNS]


def row(**values):
    base = {
        "名称": "南翔村甲心理咨询室",
        "类型": "consultation_room",
        "区划代码": "310114102201",
        "地址": "南翔镇测试路 1 号",
        "纬度": "31.30",
        "经度": "121.31",
        "电话": "预约电话：021-39590800；12356",
        "开放时间": "1-5 09:00-17:00；6 09:00-12:00",
        "服务项目": "心理咨询",
        "服务人群": "老年人、parents",
        "费用": "免费",
        "最近核实": "2025-09-01",
    }
    base.update(values)
    return base


def write_csv(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADERS)
        writer.writeheader()
        for r in rows:
            writer.writerow(r)
    return path


def write_xlsx(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append([r.get(h, "") for h in HEADERS])
    wb.save(path)
    return path


@pytest.fixture
def ready(areas, audiences, offered, organization):
    return True


@pytest.mark.parametrize("writer,suffix", [(write_csv, ".csv"), (write_xlsx, ".xlsx")])
def test_good_file_imports_everything(ready, tmp_path, writer, suffix):
    path = writer(
        tmp_path / f"ok{suffix}", [row(), row(名称="安亭热线", 类型="心理援助热线", 区划代码="", 开放时间="24/7")]
    )
    assert import_file(path) == (2, 0)
    room = ServicePoint.objects.get(name="南翔村甲心理咨询室")
    assert room.is_public and room.area_code == "310114102201"
    assert [(p.label, p.number) for p in room.phones.all()] == [("预约电话", "021-39590800"), ("", "12356")]
    assert room.hours.count() == 6
    assert sorted(a.slug for a in room.audiences.all()) == ["elders", "parents"]
    assert ServicePoint.objects.get(name="安亭热线").is_24_7
    # Importing the same file again updates, never duplicates.
    assert import_file(path) == (0, 2)
    assert ServicePoint.objects.count() == 2


def test_every_bad_row_is_reported_and_nothing_is_written(ready, tmp_path):
    rows = [
        row(),  # row 2: fine
        row(电话="12"),  # row 3: bad phone
        row(区划代码="310114999999"),  # row 4: unknown area code
        row(类型="心理诊所"),  # row 5: unknown kind
        row(纬度="95"),  # row 6: latitude out of range
        row(名称=""),  # row 7: empty name
        row(开放时间="周一上午"),  # row 8: hours format
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(ImportRejected) as exc:
        import_file(path)
    found = {(e.row, e.column) for e in exc.value.errors}
    assert found == {(3, "电话"), (4, "区划代码"), (5, "类型"), (6, "纬度"), (7, "名称"), (8, "开放时间")}
    messages = " ".join(str(e) for e in exc.value.errors)
    assert "第 3 行，电话" in messages and "不是有效的电话号码" in messages and "310114999999" in messages
    assert not ServicePoint.objects.exists()


def test_bad_xlsx_rows_are_reported_too(ready, tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [row(), row(电话="abc")])
    with pytest.raises(ImportRejected) as exc:
        import_file(path)
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, "电话")]
    assert not ServicePoint.objects.exists()


def test_missing_required_columns_and_wrong_file_types(ready, tmp_path):
    path = tmp_path / "nohead.csv"
    path.write_text("地址\n某地\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        import_file(path)
    assert "名称" in str(exc.value.errors[0]) and "类型" in str(exc.value.errors[0])
    with pytest.raises(ImportRejected):
        import_file(tmp_path / "x.txt")


def test_templates_round_trip_through_the_importer(ready, tmp_path):
    text = template_csv()
    assert text.startswith("\ufeff") and "区划代码" in text
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header == HEADERS
    wb = load_workbook(io.BytesIO(template_xlsx()))
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS
    assert wb.worksheets[1].title == "说明"


def test_management_command_reports_errors(ready, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [row(电话="12")])
    with pytest.raises(CommandError):
        call_command("import_directory", str(path), verbosity=0)
    ok = write_csv(tmp_path / "ok.csv", [row()])
    call_command("import_directory", str(ok), verbosity=0)
    assert ServicePoint.objects.count() == 1
