"""AttendanceReport and EventPage validation: counts only, sane numbers, clear Chinese messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.panels import get_edit_handler

from content.events.models import AttendanceReport, AttendanceReportForm, EventPage, breakdown_errors
from tests.content.events.conftest import make_event
from tests.content.events.conftest import report_form_data as form_data


def report_form(data, user, instance=None):
    form_class = get_edit_handler(AttendanceReport).get_form_class()
    return form_class(data, instance=instance or AttendanceReport(), for_user=user)


def test_form_is_the_attendance_form():
    assert issubclass(get_edit_handler(AttendanceReport).get_form_class(), AttendanceReportForm)


def test_valid_report_saves_reach(past_event_a, organizer_a, elders, parents):
    form = report_form(
        form_data(past_event_a, [(elders, 20), (parents, 10)], attendees=40, online_views=5, materials=80),
        organizer_a,
    )
    assert form.is_valid(), form.errors
    report = form.save()
    assert report.reach == 45
    assert report.breakdown.count() == 2


@pytest.mark.parametrize("field", ["attendees", "online_views", "materials", "volunteers"])
def test_negative_and_fractional_numbers_rejected(past_event_a, superuser, field):
    for bad in ("-1", "2.5", "很多"):
        form = report_form(form_data(past_event_a, **{field: bad}), superuser)
        assert not form.is_valid()
        assert field in form.errors


def test_breakdown_cannot_exceed_total(past_event_a, superuser, elders, parents):
    form = report_form(form_data(past_event_a, [(elders, 30), (parents, 25)], attendees=40, online_views=10), superuser)
    assert not form.is_valid()
    assert "超过了服务总人次 50" in str(form.non_field_errors())
    assert AttendanceReport.objects.count() == 0


def test_breakdown_equal_to_total_is_fine(past_event_a, superuser, elders, parents):
    form = report_form(form_data(past_event_a, [(elders, 30), (parents, 20)], attendees=40, online_views=10), superuser)
    assert form.is_valid(), form.errors


def test_breakdown_audience_only_once(elders):
    assert breakdown_errors(100, [(elders, 10), (elders, 5)]) == ["同一人群在分人群统计中只能出现一次。"]


def test_no_report_before_the_event_starts(event_index, org_a, village, superuser):
    future = make_event(event_index, org_a, village, start=timezone.now() + datetime.timedelta(hours=2))
    form = report_form(form_data(future, attendees=10), superuser)
    assert not form.is_valid()
    assert "活动尚未开始" in str(form.errors["event"])
    with pytest.raises(ValidationError):
        AttendanceReport(event=future, attendees=1).full_clean()


def test_over_three_times_capacity_needs_confirmation(past_event_a, superuser):
    # capacity 50: 150 is fine, 151 needs the checkbox
    assert report_form(form_data(past_event_a, attendees=150), superuser).is_valid()
    form = report_form(form_data(past_event_a, attendees=151), superuser)
    assert not form.is_valid()
    assert "三倍" in str(form.errors["confirm_over_capacity"])
    confirmed = report_form(form_data(past_event_a, attendees=151, confirm_over_capacity="on"), superuser)
    assert confirmed.is_valid(), confirmed.errors


def test_online_event_compares_online_views(event_index, org_a, village, superuser):
    online = make_event(
        event_index,
        org_a,
        village,
        kind="online",
        online_url="https://live.example.cn/1",
        address="",
        capacity=100,
        start=timezone.now() - datetime.timedelta(days=1),
    )
    assert report_form(form_data(online, online_views=300, attendees=0), superuser).is_valid()
    assert not report_form(form_data(online, online_views=301), superuser).is_valid()


def test_event_end_must_follow_start(org_a, village):
    start = timezone.now()
    page = EventPage(title="x", slug="x", organizer=org_a, area=village, address="某地", start=start, end=start)
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert "结束时间必须晚于开始时间" in str(excinfo.value)


def test_online_event_needs_a_link_and_offline_a_place(org_a, village):
    start = timezone.now()
    end = start + datetime.timedelta(hours=1)
    online = EventPage(title="x", slug="x", kind="online", organizer=org_a, area=village, start=start, end=end)
    with pytest.raises(ValidationError, match="观看链接"):
        online.clean()
    offline = EventPage(title="x", slug="y", kind="lecture", organizer=org_a, area=village, start=start, end=end)
    with pytest.raises(ValidationError, match="地址"):
        offline.clean()


def test_every_change_is_kept_as_a_revision(past_event_a, superuser, client):
    report = AttendanceReport(event=past_event_a, attendees=10)
    report.save()
    report.save_revision(user=superuser)
    report.attendees = 12
    report.save()
    report.save_revision(user=superuser)
    assert [r.content["attendees"] for r in report.revisions.order_by("created_at")] == [10, 12]
