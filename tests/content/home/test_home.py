import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, WorkflowPage

from content.home.models import CrisisSettings
from content.home.roles import ROLE_ADMINS, ROLE_EDITORS, ROLE_ORGANIZERS, ROLE_REVIEWERS, ROLES

pytestmark = pytest.mark.django_db


def test_crisis_strip_defaults_on_every_public_page(client, home_page):
    html = client.get(home_page.url).content.decode()
    assert 'href="tel:12356"' in html
    assert 'href="tel:962525"' in html
    assert "全国统一心理援助热线" in html


def test_crisis_strip_follows_site_settings(client, home_page, article_index, elders):
    from wagtail.models import Site

    from tests import factories

    settings = CrisisSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotlines = [
        ("hotline", {"name": "北京心理危机干预中心", "number": "010-82951332", "hours": "24小时", "is_24h": True})
    ]
    settings.save()
    article = factories.make_article(article_index, audiences=[elders])
    for url in (home_page.url, article_index.url, article.url):
        html = client.get(url).content.decode()
        assert 'href="tel:01082951332"' in html, url
        assert 'href="tel:12356"' not in html


def test_hotline_list_has_tel_uris():
    settings = CrisisSettings()
    lines = settings.hotline_list()
    assert [line["tel"] for line in lines] == ["tel:12356", "tel:962525"]
    assert lines[1]["is_24h"] is True


def test_roles_exist_with_matching_permissions():
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()

    def codenames(role):
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    editors, reviewers, organizers, admins = (
        codenames(r) for r in (ROLE_EDITORS, ROLE_REVIEWERS, ROLE_ORGANIZERS, ROLE_ADMINS)
    )
    for perms in (editors, reviewers, organizers, admins):
        assert "access_admin" in perms
    assert {"add_audience", "change_audience"} <= editors
    assert "change_crisissettings" in admins and "change_crisissettings" not in editors
    assert "change_user" in admins and "change_user" not in editors
    assert not any(p.endswith("articlepage") and not p.startswith("view") for p in organizers)
    if Permission.objects.filter(codename="change_attendancereport").exists():
        assert {"add_attendancereport", "change_attendancereport", "view_campaign"} <= organizers
        assert "change_campaign" not in organizers and "change_organizermembership" not in organizers
    if Permission.objects.filter(codename="change_servicepoint").exists():
        assert "change_servicepoint" in editors and "publish_servicepoint" in editors
        assert "change_servicepoint" not in organizers
    root = Page.get_first_root_node()
    page_perms = {
        (gpp.group.name, gpp.permission.codename)
        for gpp in GroupPagePermission.objects.filter(page=root).select_related("group", "permission")
    }
    assert (ROLE_EDITORS, "change_page") in page_perms
    assert (ROLE_EDITORS, "publish_page") not in page_perms
    assert (ROLE_REVIEWERS, "publish_page") in page_perms  # approving publishes as the reviewer
    assert (ROLE_ADMINS, "publish_page") in page_perms
    assert not any(group == ROLE_ORGANIZERS for group, _ in page_perms)


def test_expert_review_workflow_is_on_the_root_page_for_reviewers():
    workflow_page = WorkflowPage.objects.get(page=Page.get_first_root_node())
    workflow = workflow_page.workflow
    assert workflow.name == "专家审核" and workflow.active
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [ROLE_REVIEWERS]


def test_display_mode_switch_sets_a_cookie_and_redirects_safely(client, home_page):
    response = client.get("/mode/elder/?next=/kepu/")
    assert response.status_code == 302 and response["Location"] == "/kepu/"
    assert response.cookies["anxin_mode"].value == "elder"
    html = client.get(home_page.url).content.decode()
    assert 'class="mode-elder"' in html
    evil = client.get("/mode/standard/?next=https://evil.example/")
    assert evil["Location"] == "/"


def test_security_headers(client, home_page):
    response = client.get(home_page.url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "geolocation=(self)" in response["Permissions-Policy"]


def test_audience_page_gathers_articles_for_its_audience(client, home_page, article_index, elders, parents):
    from content.home.models import AudiencePage
    from tests import factories

    factories.make_article(article_index, title="老人的睡眠", audiences=[elders])
    factories.make_article(article_index, title="孩子厌学", audiences=[parents])
    page = AudiencePage(title="写给老年人", slug="elders", audience=elders)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "老人的睡眠" in html
    assert "孩子厌学" not in html
    assert "身边的服务" in html and "近期活动" in html
    assert f"{article_index.url}feed/elders/" in html
    home_html = client.get(home_page.url).content.decode()
    assert f'href="{page.url}"' in home_html


def test_main_navigation_lists_sections_in_menus_and_the_directory(client, home_page, article_index):
    article_index.show_in_menus = True
    article_index.save_revision().publish()
    html = client.get(home_page.url).content.decode()
    nav = html.split('class="site-nav"')[1].split("</nav>")[0]
    assert f'href="{article_index.url}"' in nav
    assert 'href="/fuwu/"' in nav


def test_administrators_assign_organizers_to_organizations_in_the_admin(client):
    from django.urls import reverse

    from content.events.models import OrganizerMembership
    from content.home.roles import ROLE_ADMINS, ROLE_ORGANIZERS
    from tests import factories

    admin = factories.make_user("admin-role", ROLE_ADMINS)
    organizer = factories.make_user("org-role", ROLE_ORGANIZERS)
    organization = factories.make_organization("南翔镇社区卫生服务中心")
    client.force_login(admin)
    add_url = reverse(OrganizerMembership.snippet_viewset.get_url_name("add"))
    response = client.post(add_url, {"user": organizer.pk, "organization": organization.pk})
    assert response.status_code == 302
    assert OrganizerMembership.objects.get(user=organizer).organization == organization
    client.force_login(organizer)
    assert client.get(add_url).status_code in (302, 403)
