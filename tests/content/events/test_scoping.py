"""Organizer scoping through the admin, with two organizers of different organizations.

Organizer A (南翔) and organizer B (嘉定镇街道) each own one past event with a report.
Every admin URL that touches events or reports must let A at A's and keep A out of B's;
an editor and a superuser see both.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from content.events.models import AttendanceReport, EventPage
from tests.content.events.conftest import make_report, report_form_data

SNIPPET = "wagtailsnippets_events_attendancereport"


@pytest.fixture
def world(past_event_a, past_event_b, elders):
    report_a = make_report(past_event_a, attendees=30, online_views=5)
    report_a.save_revision()
    report_b = make_report(past_event_b, attendees=70, online_views=0)
    report_b.save_revision()
    return {"event_a": past_event_a, "event_b": past_event_b, "report_a": report_a, "report_b": report_b}


def denied(response, url=None):
    """Wagtail answers a forbidden admin URL with 403, or a redirect away from it."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and (url is None or response["Location"] != url)


def page_urls(page):
    revision = page.get_latest_revision()
    return [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:delete", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"]),
        reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        reverse("wagtailadmin_pages:move", args=[page.pk]),
        reverse("wagtailadmin_pages:usage", args=[page.pk]),
    ]


def report_urls(report):
    revision = report.revisions.first()
    return [
        reverse(f"{SNIPPET}:edit", args=[report.pk]),
        reverse(f"{SNIPPET}:delete", args=[report.pk]),
        reverse(f"{SNIPPET}:history", args=[report.pk]),
        reverse(f"{SNIPPET}:usage", args=[report.pk]),
        reverse(f"{SNIPPET}:copy", args=[report.pk]),
        reverse(f"{SNIPPET}:revisions_compare", args=[report.pk, "earliest", "latest"]),
        reverse(f"{SNIPPET}:revisions_revert", args=[report.pk, revision.pk]),
    ]


# --- pages -------------------------------------------------------------------------


def test_explorer_lists_only_own_events(client, world, organizer_a, event_index):
    client.force_login(organizer_a)
    response = client.get(reverse("wagtailadmin_explore", args=[event_index.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert world["event_a"].title in content
    assert world["event_b"].title not in content


def test_editor_and_superuser_see_every_event_in_the_explorer(client, world, editor, superuser, event_index):
    for user in (editor, superuser):
        client.force_login(user)
        content = client.get(reverse("wagtailadmin_explore", args=[event_index.pk])).content.decode()
        assert world["event_a"].title in content
        assert world["event_b"].title in content


def test_page_chooser_hides_other_organizations_events(client, world, organizer_a, event_index):
    client.force_login(organizer_a)
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[event_index.pk]))
    assert response.status_code == 200
    content = response.json()["html"]
    assert world["event_a"].title in content
    assert world["event_b"].title not in content


@pytest.mark.parametrize("which", ["event_a", "event_b"])
def test_every_page_url_of_another_organizations_event_is_denied(client, world, organizer_a, which):
    client.force_login(organizer_a)
    page = world[which]
    for url in page_urls(page):
        response = client.get(url)
        if which == "event_b":
            assert denied(response, url), url
    # POSTs that change things are refused too, and nothing changes
    if which == "event_b":
        assert denied(client.post(reverse("wagtailadmin_pages:delete", args=[page.pk])))
        assert denied(client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk])))
        assert denied(client.post(reverse("wagtailadmin_pages:lock", args=[page.pk])))
        page = EventPage.objects.get(pk=page.pk)
        assert page.live
        assert not page.locked


def test_own_event_urls_are_open(client, world, organizer_a):
    client.force_login(organizer_a)
    page = world["event_a"]
    for url in (
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, page.get_latest_revision().pk]),
        reverse("wagtailadmin_pages:delete", args=[page.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_organizer_b_is_kept_out_of_a_symmetrically(client, world, organizer_b):
    client.force_login(organizer_b)
    assert denied(client.get(reverse("wagtailadmin_pages:edit", args=[world["event_a"].pk])))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[world["event_b"].pk])).status_code == 200


def test_bulk_delete_of_another_organizations_event_is_refused(client, world, organizer_a):
    client.force_login(organizer_a)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={world['event_b'].pk}"
    client.post(url)
    assert Page.objects.filter(pk=world["event_b"].pk).exists()


def event_form(organizer, area, **extra):
    data = {
        "title": "新的讲座",
        "slug": "new-lecture",
        "kind": "lecture",
        "campaign": "",
        "start": "2031-10-10 14:00",
        "end": "2031-10-10 16:00",
        "organizer": str(organizer.pk),
        "area": area.pk,
        "venue": "",
        "address": "南翔镇某路 1 号",
        "online_url": "",
        "capacity": "",
        "registration_url": "",
        "summary": "",
        "body": rich_text(""),
    }
    data.update(extra)
    return nested_form_data(data)


def test_organizer_creates_only_for_own_organization(client, world, organizer_a, org_a, org_b, village, event_index):
    client.force_login(organizer_a)
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    assert client.get(url).status_code == 200
    # Pretending to be organization B is a form error: nothing is created.
    response = client.post(url, event_form(org_b, village))
    assert response.status_code == 200
    assert not EventPage.objects.filter(slug="new-lecture").exists()
    response = client.post(url, event_form(org_a, village))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    created = EventPage.objects.get(slug="new-lecture")
    assert created.organizer == org_a
    # The start is read as Beijing time.
    assert created.start.isoformat() == "2031-10-10T06:00:00+00:00"


def test_organizer_cannot_move_own_event_to_another_organization(client, world, organizer_a, org_b, village):
    client.force_login(organizer_a)
    page = world["event_a"]
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = event_form(
        org_b, village, title=page.title, slug=page.slug, start="2020-01-01 10:00", end="2020-01-01 12:00"
    )
    response = client.post(url, data)
    assert response.status_code == 200
    page.refresh_from_db()
    assert page.organizer_id == world["event_a"].organizer_id
    assert page.get_latest_revision_as_object().organizer_id == world["event_a"].organizer_id


# --- attendance reports ----------------------------------------------------------------


def test_report_listing_and_export_are_scoped(client, world, organizer_a):
    client.force_login(organizer_a)
    content = client.get(reverse(f"{SNIPPET}:list")).content.decode()
    assert world["event_a"].title in content
    assert world["event_b"].title not in content
    export = client.get(reverse(f"{SNIPPET}:list") + "?export=csv")
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert world["event_a"].title in body
    assert world["event_b"].title not in body


def test_editor_and_superuser_list_every_report(client, world, editor, superuser):
    for user in (editor, superuser):
        client.force_login(user)
        content = client.get(reverse(f"{SNIPPET}:list")).content.decode()
        assert world["event_a"].title in content
        assert world["event_b"].title in content


def test_every_report_url_of_another_organization_is_denied(client, world, organizer_a):
    client.force_login(organizer_a)
    for url in report_urls(world["report_b"]):
        assert denied(client.get(url), url), url
    for url in report_urls(world["report_a"])[:4]:
        assert client.get(url).status_code == 200, url
    # and a POST to edit or delete B's report changes nothing
    client.post(reverse(f"{SNIPPET}:delete", args=[world["report_b"].pk]))
    client.post(reverse(f"{SNIPPET}:edit", args=[world["report_b"].pk]), {"attendees": "1"})
    report = AttendanceReport.objects.get(pk=world["report_b"].pk)
    assert report.attendees == 70


def test_report_chooser_is_scoped(client, world, organizer_a):
    client.force_login(organizer_a)
    html = client.get(reverse("wagtailsnippetchoosers_events_attendancereport:choose")).json()["html"]
    assert world["event_a"].title in html
    assert world["event_b"].title not in html
    chosen = reverse("wagtailsnippetchoosers_events_attendancereport:chosen", args=[world["report_b"].pk])
    assert client.get(chosen).status_code == 404
    chosen = reverse("wagtailsnippetchoosers_events_attendancereport:chosen", args=[world["report_a"].pk])
    assert client.get(chosen).status_code == 200


def report_post(event, **counts):
    return report_form_data(event, **{"attendees": 10, **counts})


def test_organizer_cannot_file_a_report_for_another_organizations_event(client, world, organizer_a, event_index):
    from tests.content.events.conftest import make_event

    other = make_event(
        event_index, world["event_b"].organizer, world["event_b"].area, start=world["event_b"].start, title="B 的另一场"
    )
    client.force_login(organizer_a)
    response = client.post(reverse(f"{SNIPPET}:add"), report_post(other))
    assert response.status_code == 200
    assert not AttendanceReport.objects.filter(event=other).exists()


def test_organizer_edits_own_report_and_history_is_kept(client, world, organizer_a):
    client.force_login(organizer_a)
    report = world["report_a"]
    response = client.post(reverse(f"{SNIPPET}:edit", args=[report.pk]), report_post(world["event_a"], attendees=33))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.attendees == 33
    assert report.reach == 33
    assert report.revisions.count() == 2
    history = client.get(reverse(f"{SNIPPET}:history", args=[report.pk]))
    assert history.status_code == 200


def test_reports_page_is_scoped(client, world, organizer_a, superuser):
    url = reverse("event_reports:index") + "?date_from=2000-01-01&date_to=2100-12-31&table=organizer"
    client.force_login(organizer_a)
    content = client.get(url).content.decode()
    assert "南翔镇社区卫生服务中心" in content
    assert "嘉定镇街道社区卫生服务中心" not in content
    csv_body = client.get(url + "&format=csv&table=organizer").content.decode("utf-8-sig")
    assert "嘉定镇街道社区卫生服务中心" not in csv_body
    client.force_login(superuser)
    content = client.get(url).content.decode()
    assert "嘉定镇街道社区卫生服务中心" in content


def test_reports_page_needs_permission(client, db):
    from tests import factories

    nobody = factories.make_user("reader", is_staff=False)
    client.force_login(nobody)
    assert client.get(reverse("event_reports:index")).status_code in (302, 403)
