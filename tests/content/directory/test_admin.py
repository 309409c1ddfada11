"""The 服务目录 admin group: lists with filters, needs checking, editing with drafts,
bulk actions, corrections queue, coverage report and spreadsheet import load and work."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from content.directory.models import CorrectionReport, ServicePoint
from content.directory.spreadsheet import template_csv

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_directory_servicepoint:list"


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


def listed(response):
    html = response.content.decode()
    return html


def test_list_filters_search_and_needs_checking(admin_client, make_service):
    make_service("新核实的点", last_verified=timezone.localdate())
    make_service("很久没核实", last_verified=timezone.localdate() - timedelta(days=400), kind="hotline", area_id=None)
    make_service("安亭的点", area_id="310114103201", status="temporarily closed")
    url = reverse(LIST)
    assert admin_client.get(url).status_code == 200
    html = listed(admin_client.get(url, {"kind": "hotline"}))
    assert "很久没核实" in html and "新核实的点" not in html
    html = listed(admin_client.get(url, {"area": "310114103000"}))
    assert "安亭的点" in html and "新核实的点" not in html
    html = listed(admin_client.get(url, {"status": "temporarily closed"}))
    assert "安亭的点" in html and "很久没核实" not in html
    html = listed(admin_client.get(url, {"needs_checking": "true"}))
    assert "很久没核实" in html and "新核实的点" not in html
    html = listed(admin_client.get(url, {"q": "安亭"}))
    assert "安亭的点" in html and "很久没核实" not in html


def test_menu_has_the_group_and_needs_checking_link(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    for url in (reverse(LIST), reverse("directory_coverage:report"), reverse("directory_import:import")):
        assert url in html
    assert "needs_checking=true" in html


def test_add_edit_and_save_draft_keep_the_public_version(admin_client, make_service):
    sp = make_service("已发布的点", phones=[])
    assert admin_client.get(reverse("wagtailsnippets_directory_servicepoint:add")).status_code == 200
    edit = reverse("wagtailsnippets_directory_servicepoint:edit", args=[sp.pk])
    assert admin_client.get(edit).status_code == 200
    # Saving a draft that would make the entry defunct leaves the live row public.
    data = {
        "name": "草稿里的新名字",
        "kind": "consultation_room",
        "area": "310114102201",
        "status": "defunct",
        "fee": "free",
        "booking": "walk_in",
        "phones-TOTAL_FORMS": "1",
        "phones-INITIAL_FORMS": "0",
        "phones-MIN_NUM_FORMS": "0",
        "phones-MAX_NUM_FORMS": "1000",
        "phones-0-label": "电话",
        "phones-0-number": "021 3959 0800",
        "phones-0-ORDER": "1",
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    sp.refresh_from_db()
    assert sp.name == "已发布的点" and sp.is_public and sp.has_unpublished_changes
    # Publishing applies it: defunct is no longer public.
    response = admin_client.post(edit, {**data, "action-publish": "publish"})
    assert response.status_code == 302
    sp.refresh_from_db()
    assert sp.name == "草稿里的新名字" and sp.status == "defunct" and not sp.is_public
    assert sp.phones.get().number == "021-39590800"


def test_invalid_phone_in_the_editor_gets_a_chinese_message(admin_client, areas):
    response = admin_client.post(
        reverse("wagtailsnippets_directory_servicepoint:add"),
        {
            "name": "新点",
            "kind": "consultation_room",
            "area": "310114102201",
            "status": "active",
            "fee": "free",
            "booking": "walk_in",
            "phones-TOTAL_FORMS": "1",
            "phones-INITIAL_FORMS": "0",
            "phones-MIN_NUM_FORMS": "0",
            "phones-MAX_NUM_FORMS": "1000",
            "phones-0-label": "",
            "phones-0-number": "12",
            "phones-0-ORDER": "1",
            "hours-TOTAL_FORMS": "0",
            "hours-INITIAL_FORMS": "0",
            "hours-MIN_NUM_FORMS": "0",
            "hours-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "不是有效的电话号码" in response.content.decode()
    assert not ServicePoint.objects.exists()


def test_bulk_mark_verified(admin_client, make_service):
    old = make_service("旧", last_verified=date(2020, 1, 1))
    url = reverse("wagtail_bulk_action", args=["directory", "servicepoint", "mark_verified"]) + f"?id={old.pk}"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url).status_code == 302
    old.refresh_from_db()
    assert old.last_verified == timezone.localdate()


def test_bulk_close_temporarily(admin_client, make_service):
    sp = make_service("要暂停的")
    url = reverse("wagtail_bulk_action", args=["directory", "servicepoint", "close_temporarily"]) + f"?id={sp.pk}"
    assert admin_client.post(url).status_code == 302
    sp.refresh_from_db()
    assert sp.status == "temporarily closed" and sp.is_public


def test_corrections_queue(admin_client, make_service):
    sp = make_service("有人纠错")
    CorrectionReport.objects.create(service_point=sp, problem="phone", details="打不通")
    html = admin_client.get(reverse("wagtailsnippets_directory_correctionreport:list")).content.decode()
    assert "有人纠错" in html


def test_coverage_report_and_csv(admin_client, make_service):
    make_service("村甲咨询室", area_id="310114102201")
    make_service("南翔驿站", kind="community_station", area_id="310114102000")
    url = reverse("directory_coverage:report")
    assert admin_client.get(url).status_code == 200
    html = admin_client.get(url, {"county": "310114000000"}).content.decode()
    assert "25%" in html and "未达标" in html and "南翔村乙" in html
    response = admin_client.get(url, {"county": "310114000000", "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "310114102202,南翔村乙" in text and "310114103000,安亭镇" in text and "南翔村甲" not in text


def test_import_view_template_and_upload(admin_client, areas, audiences, offered):
    url = reverse("directory_import:import")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"template": "xlsx"})["Content-Type"].startswith("application/vnd.openxml")
    assert "区划代码" in admin_client.get(url, {"template": "csv"}).content.decode("utf-8-sig")
    bad = SimpleUploadedFile("bad.csv", (template_csv().replace("021-59150000", "12")).encode("utf-8"))
    response = admin_client.post(url, {"file": bad})
    html = response.content.decode()
    assert response.status_code == 200 and "未导入任何数据" in html and "电话" in html
    assert not ServicePoint.objects.exists()
    text = template_csv().replace("310114106201", "310114102201").replace("心理咨询、心理疏导", "心理咨询")
    good = SimpleUploadedFile("ok.csv", text.encode("utf-8"))
    assert admin_client.post(url, {"file": good}).status_code == 302
    assert ServicePoint.objects.get().name == "马陆镇大裕村心理咨询室"


def test_admin_views_need_permissions(client, areas):
    user = get_user_model().objects.create_user("nobody", password="pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("directory_coverage:report")).status_code in (302, 403)
    assert client.get(reverse("directory_import:import")).status_code in (302, 403)


def test_preview_renders_the_public_template(admin_client, make_service):
    sp = make_service("预览的点")
    url = reverse("wagtailsnippets_directory_servicepoint:preview_on_edit", args=[sp.pk])
    data = {
        "name": "预览里的名字",
        "kind": "consultation_room",
        "area": "310114102201",
        "status": "active",
        "fee": "free",
        "booking": "walk_in",
        "phones-TOTAL_FORMS": "0",
        "phones-INITIAL_FORMS": "0",
        "phones-MIN_NUM_FORMS": "0",
        "phones-MAX_NUM_FORMS": "1000",
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    assert admin_client.post(url, data).json()["is_valid"]
    html = admin_client.get(url).content.decode()
    assert "预览里的名字" in html and 'name="robots" content="noindex"' in html
    sp.refresh_from_db()
    assert sp.name == "预览的点"
