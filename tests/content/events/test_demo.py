"""The demo: World Mental Health Day 2025 in Jiading, idempotent, always with upcoming events."""

from django.utils import timezone

from content.events import demo
from content.events.models import AttendanceReport, Campaign, EventPage
from content.reference import demo as reference_demo


def test_demo_loads_once_and_only_once(home_page):
    reference_demo.load(lambda message: None)
    demo.load(lambda message: None)
    counts = (EventPage.objects.count(), AttendanceReport.objects.count(), Campaign.objects.count())
    revisions = sum(report.revisions.count() for report in AttendanceReport.objects.all())
    demo.load(lambda message: None)
    assert (EventPage.objects.count(), AttendanceReport.objects.count(), Campaign.objects.count()) == counts
    assert sum(report.revisions.count() for report in AttendanceReport.objects.all()) == revisions

    campaign = Campaign.objects.get(slug="wmhd-2025")
    assert campaign.theme == "人人享有心理健康服务"
    assert Campaign.objects.get(slug="wmhd-2023").theme == "促进儿童心理健康，共同守护美好未来"
    assert set(Campaign.objects.values_list("year", flat=True)) == {2023, 2025}
    in_jiading = EventPage.objects.live().filter(campaign=campaign, area__code__startswith="310114")
    assert in_jiading.count() >= 10
    assert AttendanceReport.objects.filter(event__campaign=campaign).count() >= 10
    assert EventPage.objects.live().filter(start__gt=timezone.now()).count() >= 3
    # every report belongs to an event that has started
    assert not AttendanceReport.objects.filter(event__start__gt=timezone.now()).exists()
