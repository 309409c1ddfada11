"""Coverage report numbers, computed in the database."""

import pytest

from content.directory.coverage import compute
from content.reference.models import AdminArea

pytestmark = pytest.mark.django_db


def test_village_and_township_coverage(make_service, django_assert_max_num_queries):
    make_service("村甲", area_id="310114102201")
    make_service("村乙（暂停）", area_id="310114102202", status="temporarily closed")
    make_service("安亭村甲", area_id="310114103201")
    make_service("安亭村甲（撤销）", area_id="310114103202", status="defunct")
    make_service("南翔驿站", kind="community_station", area_id="310114102201")
    make_service("草稿驿站", kind="community_station", area_id="310114103000", live=False)
    county = AdminArea.objects.get(code="310114000000")
    with django_assert_max_num_queries(4):
        report = compute(county)
    assert (report.villages_covered, report.villages_total) == (2, 4)
    assert (report.townships_covered, report.townships_total) == (1, 2)
    assert report.village_share == 0.5 and not report.meets_target and report.rooms_needed == 2
    assert [v.code for v in report.missing_villages] == ["310114102202", "310114103202"]
    assert [t.code for t in report.missing_townships] == ["310114103000"]
