"""The report figures copied onto each event (EventPage.report_*), which the reports and
the "已服务 N 人次" totals sum: they must follow every change to a report, and a copied or
republished page must never bring old figures back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from content.events import reports
from content.events.models import AttendanceReport, EventIndexPage, EventPage
from tests.content.events.conftest import make_event, make_report, report_form_data

SNIPPET = "wagtailsnippets_events_attendancereport"
ZEROS = {
    "report_count": 0,
    "report_attendees": 0,
    "report_online_views": 0,
    "report_reach": 0,
    "report_materials": 0,
    "report_volunteers": 0,
}


def figures(event) -> dict:
    return EventPage.objects.filter(pk=event.pk).values(*ZEROS).get()


def past_totals(client, index) -> dict:
    response = client.get(f"{index.url}past/")
    assert response.status_code == 200
    return response.context["totals"]


@pytest.fixture
def two_past(event_index, org_a, village):
    started = timezone.now() - datetime.timedelta(days=5)
    first = make_event(event_index, org_a, village, title="讲座一", start=started)
    second = make_event(event_index, org_a, village, title="讲座二", start=started - datetime.timedelta(days=1))
    return first, second


def test_saving_a_report_copies_its_figures(two_past):
    first, _second = two_past
    assert figures(first) == ZEROS
    report = make_report(first, attendees=40, online_views=10, materials=7, volunteers=2)
    assert figures(first) == {
        "report_count": 1,
        "report_attendees": 40,
        "report_online_views": 10,
        "report_reach": 50,
        "report_materials": 7,
        "report_volunteers": 2,
    }
    report.attendees = 5
    report.save()
    assert figures(first)["report_reach"] == 15


def test_moving_a_report_to_another_event_moves_its_figures(two_past):
    first, second = two_past
    report = make_report(first, attendees=30)
    report.event = second
    report.save()
    assert figures(first) == ZEROS
    assert (figures(second)["report_count"], figures(second)["report_reach"]) == (1, 30)


def test_deleting_reports_clears_the_figures(two_past):
    first, second = two_past
    make_report(first, attendees=30).delete()
    assert figures(first) == ZEROS
    make_report(second, attendees=20)
    AttendanceReport.objects.filter(event=second).delete()  # a queryset delete, as bulk actions do
    assert figures(second) == ZEROS


def test_deleting_an_event_deletes_its_report(two_past):
    first, second = two_past
    make_report(first, attendees=30)
    make_report(second, attendees=20)
    first.delete()
    assert not AttendanceReport.objects.filter(event_id=first.pk).exists()
    assert figures(second)["report_reach"] == 20


def test_admin_edit_and_delete_update_the_past_total(client, superuser, event_index, two_past):
    first, second = two_past
    make_report(first, attendees=100, online_views=20)
    report = make_report(second, attendees=10)
    client.force_login(superuser)
    assert past_totals(client, event_index)["reach"] == 130
    data = report_form_data(second, attendees=60, online_views=5)
    response = client.post(reverse(f"{SNIPPET}:edit", args=[report.pk]), data)
    assert response.status_code == 302
    totals = past_totals(client, event_index)
    assert (totals["events"], totals["reported"], totals["reach"], totals["attendees"]) == (2, 2, 185, 160)
    response = client.post(reverse(f"{SNIPPET}:delete", args=[report.pk]))
    assert response.status_code == 302
    totals = past_totals(client, event_index)
    assert (totals["events"], totals["reported"], totals["reach"]) == (2, 1, 120)
    assert "已服务 120 人次" in client.get(f"{event_index.url}past/").content.decode()


def test_reverting_a_report_revision_restores_its_figures(client, superuser, two_past):
    first, _second = two_past
    report = make_report(first, attendees=10)
    old = report.save_revision()
    report.attendees = 90
    report.save()
    report.save_revision()
    assert figures(first)["report_reach"] == 90
    client.force_login(superuser)
    data = report_form_data(first, attendees=10)
    response = client.post(reverse(f"{SNIPPET}:revisions_revert", args=[report.pk, old.pk]), data)
    assert response.status_code == 302
    assert figures(first)["report_reach"] == 10


def test_unpublish_and_republish_move_the_past_total(client, event_index, two_past):
    first, second = two_past
    make_report(first, attendees=100)
    make_report(second, attendees=10)
    assert past_totals(client, event_index)["reach"] == 110
    first.unpublish()
    totals = past_totals(client, event_index)
    assert (totals["events"], totals["reach"]) == (1, 10)
    first.get_latest_revision().publish()
    assert past_totals(client, event_index)["reach"] == 110


def test_a_published_old_revision_keeps_the_current_figures(two_past):
    first, _second = two_past
    draft = first.save_revision()  # its content was saved with no report
    make_report(first, attendees=70)
    draft.publish()
    assert figures(first)["report_reach"] == 70


def test_a_copied_event_starts_without_figures(event_index, two_past):
    first, _second = two_past
    make_report(first, attendees=70)
    copy = first.copy(to=event_index, update_attrs={"slug": "copy-of-first", "title": "复制的活动"})
    assert figures(copy) == ZEROS
    assert not AttendanceReport.objects.filter(event_id=copy.pk).exists()


def test_reports_sum_the_copied_figures(superuser, two_past):
    first, second = two_past
    make_report(first, attendees=100, online_views=20, materials=3, volunteers=1)
    make_report(second, attendees=10)
    today = timezone.localdate()
    queryset = reports.base_queryset(superuser, today - datetime.timedelta(days=30), today)
    assert reports.totals(queryset) == [2, 2, 110, 20, 130, 3, 1]
    AttendanceReport.objects.get(event=second).delete()
    assert reports.totals(queryset) == [2, 1, 100, 20, 120, 3, 1]


def test_several_event_indexes_keep_their_own_events(client, home_page, event_index, two_past, org_a, village):
    from wagtail.models import Page

    make_report(two_past[0], attendees=100)
    other = EventIndexPage(title="另一个站点的活动", slug="other-events")
    Page.get_first_root_node().add_child(instance=other)
    other.save_revision().publish()
    elsewhere = make_event(other, org_a, village, title="别处的活动", start=timezone.now() - datetime.timedelta(days=2))
    make_report(elsewhere, attendees=7)
    totals = past_totals(client, event_index)
    assert (totals["events"], totals["reach"]) == (2, 100)
    response = client.get(f"{event_index.url}past/")
    assert "别处的活动" not in [event.title for event in response.context["events"]]
