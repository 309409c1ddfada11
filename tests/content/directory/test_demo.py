"""The demo directory loads, is idempotent and tells a realistic coverage story."""

import pytest

from content.directory import demo
from content.directory.coverage import compute
from content.directory.models import ServiceKind, ServicePoint
from content.reference import demo as reference_demo
from content.reference.models import AdminArea

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_covers_every_kind():
    lines = []
    reference_demo.load(lines.append)
    demo.load(lines.append)
    count = ServicePoint.objects.count()
    demo.load(lines.append)
    assert ServicePoint.objects.count() == count >= 30
    kinds = set(ServicePoint.objects.values_list("kind", flat=True))
    assert kinds >= set(ServiceKind.values) - {ServiceKind.OTHER}
    real = ServicePoint.objects.filter(is_illustrative=False)
    numbers = {p.number for sp in real for p in sp.phones.all()}
    assert {"12356", "962525", "800-810-1117", "010-82951332", "400-161-9995", "12355", "021-39590800"} <= numbers
    assert not ServicePoint.objects.filter(is_illustrative=False).exclude(kind=ServiceKind.HOTLINE).exists()
    report = compute(AdminArea.objects.get(code="310114000000"))
    assert report.villages_total == 399
    assert 0.65 < report.village_share < 0.80  # realistic: below the 80 % target
    assert len(report.missing_townships) == 2
