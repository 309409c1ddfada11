import io

import pytest

from content.reference.areas import AreaImportError, import_areas
from content.reference.models import AdminArea, AdminAreaLevel, ancestor_prefixes, level_of, normalise_area_code

pytestmark = pytest.mark.django_db

JIADING = """code,name
31,上海市
3101,市辖区
310114,嘉定区
310114102,南翔镇
310114102001,古猗园社区居委会
"""


def test_levels_and_prefixes():
    assert level_of("310000000000") == AdminAreaLevel.PROVINCE
    assert level_of("310114102001") == AdminAreaLevel.VILLAGE
    assert normalise_area_code("310114") == "310114000000"
    assert ancestor_prefixes("310114102000") == ["31", "3101", "310114", "310114102"]
    with pytest.raises(ValueError):
        normalise_area_code("3101141")


def test_import_builds_the_tree_by_prefix_and_is_idempotent():
    progress = []
    created, updated = import_areas(io.StringIO(JIADING), progress=lambda done, total: progress.append((done, total)))
    assert (created, updated) == (5, 0)
    assert progress[-1] == (5, 5)
    village = AdminArea.objects.get(code="310114102001")
    assert village.level == AdminAreaLevel.VILLAGE
    assert village.parent.name == "南翔镇"
    assert village.parent.parent.name == "嘉定区"
    assert village.full_name == "上海市市辖区嘉定区南翔镇古猗园社区居委会"
    assert set(AdminArea.objects.get(code="310114000000").descendants().values_list("name", flat=True)) == {
        "南翔镇",
        "古猗园社区居委会",
    }
    assert import_areas(io.StringIO(JIADING)) == (0, 0)  # nothing changed, nothing written
    assert import_areas(io.StringIO(JIADING.replace("南翔镇", "南翔镇（新）"))) == (0, 1)
    assert AdminArea.objects.get(code="310114102000").name == "南翔镇（新）"
    assert AdminArea.objects.count() == 5


def test_bad_rows_reject_the_whole_file_with_every_problem():
    bad = JIADING + "31011410200X,坏代码\n310114102002,\n310114,重复\n"
    with pytest.raises(AreaImportError) as excinfo:
        import_areas(io.StringIO(bad))
    problems = excinfo.value.problems
    assert len(problems) == 3
    assert problems[0].startswith("第 7 行")
    assert "名称不能为空" in problems[1]
    assert "重复" in problems[2]
    assert AdminArea.objects.count() == 0


def test_import_command_reports_errors_in_chinese(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "areas.csv"
    path.write_text("code,name\n12,\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_areas", str(path), verbosity=0)
    assert "未写入任何数据" in str(excinfo.value)
    good = tmp_path / "good.csv"
    good.write_text(JIADING, encoding="utf-8")
    call_command("import_areas", str(good), verbosity=0)
    assert AdminArea.objects.count() == 5
