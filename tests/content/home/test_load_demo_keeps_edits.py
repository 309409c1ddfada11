"""``manage.py load_demo`` run again creates what is missing and keeps what editors changed.

The edits go through the real admin URLs, logged in as the demo admin, where the form can
be posted as a browser would: the directory entry (snippet edit view, its form read back
from the page) and the crisis hotlines (site settings). The article's body is a StreamField
whose admin form is built by JavaScript, so the article edit is what the admin's "publish"
does, through the ORM: a new revision by the admin user, published.

One build on purpose (the demo takes a while); everything is checked on it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from content.articles.models import ArticlePage
from content.directory.models import ServicePoint
from content.home.models import CrisisSettings
from content.reference.models import AdminArea, Audience, Organization

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """The values a browser would post for the first form with method=post (no JavaScript)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.values: list[tuple[str, str]] = []
        self.select: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and not a.get("disabled"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image"):
                self.values.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            self.values.append((self.select, a.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.values.append((self.textarea, "".join(self.text).lstrip("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)


def post_data(values: list[tuple[str, str]], **changes) -> dict:
    data: dict = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    data.update({k: [v] for k, v in changes.items()})
    return data


def test_rerunning_load_demo_keeps_editors_changes(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)

    # 1. An article: a new revision with another title, published by the admin (ORM; see above).
    article = ArticlePage.objects.live().order_by("pk").first()
    original_title = article.title
    article.title = "编辑改过的标题"
    article.save_revision(user=admin).publish(user=admin)
    deleted_article_slug = ArticlePage.objects.live().order_by("-pk").first().slug
    ArticlePage.objects.get(slug=deleted_article_slug).delete()

    # 2. A directory entry, through the snippet edit view: new name and phone number.
    room = ServicePoint.objects.filter(phones__isnull=False).exclude(kind="hotline").order_by("pk").first()
    edit_url = reverse("wagtailsnippets_directory_servicepoint:edit", args=[room.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    parser = FormValues("w-editor-form")
    parser.feed(page.content.decode())
    phone_field = next(name for name, value in parser.values if name.endswith("-number") and value)
    changes = {"name": "编辑改过的咨询室名称", phone_field: "021-69990000", "action-publish": "action-publish"}
    response = client.post(edit_url, post_data(parser.values, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    room.refresh_from_db()
    assert room.name == "编辑改过的咨询室名称"
    assert "021-69990000" in [p.number for p in room.phones.all()]

    # 3. The crisis hotlines site setting, through the settings edit view.
    site = Site.objects.get(is_default_site=True)
    settings_url = reverse("wagtailsettings:edit", args=["home", "crisissettings", site.pk])
    assert client.get(settings_url).status_code == 200
    hotlines = [("hotline", {"name": "本区心理热线", "number": "021-12345678", "hours": "8:00-22:00", "is_24h": False})]
    data = nested_form_data({"strip_message": "需要帮助？请拨打", "hotlines": streamfield(hotlines)})
    response = client.post(settings_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [h["number"] for h in CrisisSettings.for_site(site).hotline_list()] == ["021-12345678"]

    # 4. Reference data editors own too.
    Audience.objects.filter(slug="elders").update(name="长者")
    Organization.objects.filter(name="嘉定区卫生健康委员会").update(description="编辑写的简介")
    AdminArea.objects.filter(code="310114102000").update(name="南翔镇（编辑改名）")
    defunct = ServicePoint.objects.get(name__startswith="原嘉定镇街道心理服务点")
    defunct.delete()

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=out)

    assert ArticlePage.objects.get(pk=article.pk).title == "编辑改过的标题"
    assert ArticlePage.objects.get(pk=article.pk).specific.get_latest_revision().user == admin
    assert not ArticlePage.objects.filter(title=original_title).exists()
    room.refresh_from_db()
    assert room.name == "编辑改过的咨询室名称"
    assert "021-69990000" in [p.number for p in room.phones.all()]
    crisis = CrisisSettings.for_site(site)
    assert [h["number"] for h in crisis.hotline_list()] == ["021-12345678"]
    assert crisis.strip_message == "需要帮助？请拨打"
    assert Audience.objects.get(slug="elders").name == "长者"
    assert Organization.objects.get(name="嘉定区卫生健康委员会").description == "编辑写的简介"
    assert AdminArea.objects.get(code="310114102000").name == "南翔镇（编辑改名）"
    # The rule (load_demo --help, README): demo objects an editor deleted come back.
    assert ArticlePage.objects.filter(slug=deleted_article_slug).exists()
    assert ServicePoint.objects.filter(name__startswith="原嘉定镇街道心理服务点").count() == 1
