"""The admin is Chinese for every role (issue 13, point 4).

The demo site is loaded once (``load_demo``, its four roles' demo accounts). Each role
walks the main admin screens through their real URLs with Django's test client — the
dashboard, its menu (every entry the role sees: snippets, reports, settings…), the page
explorer at the root and at the article and event indexes, the edit and add views of an
article and an event, every snippet listing with its add and edit views, the page,
image, document and snippet choosers, search results, the account page, and the
messages after a saved and after a refused edit — and the server-rendered UI text
(tests/anxin/english_text.py) must hold no English word that is not a brand, a format or
data. The JavaScript-rendered text is checked in the browser by
tests/e2e/test_admin_chinese.py.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory
from wagtail.admin.menu import admin_menu
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site
from wagtail.snippets.models import get_snippet_models

from content.home.roles import ROLE_ADMINS, ROLE_EDITORS, ROLE_ORGANIZERS, ROLE_REVIEWERS
from tests.anxin.english_text import data_words_from, english_in_html

ROLE_USERS = {ROLE_ADMINS: "admin", ROLE_EDITORS: "editor", ROLE_REVIEWERS: "reviewer", ROLE_ORGANIZERS: "organizer"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            yield _world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _world():
    from content.articles.models import ArticleIndexPage, ArticlePage
    from content.events.models import EventIndexPage, EventPage

    User = get_user_model()
    site = Site.objects.get(is_default_site=True)
    values = list(User.objects.values_list("username", "email"))
    values += [(site.hostname, site.site_name)]
    values += list(Page.objects.values_list("slug", "title"))
    values += list(get_image_model().objects.values_list("title", "file"))
    values += list(get_document_model().objects.values_list("title", "file"))
    values += list(Collection.objects.values_list("name", flat=True))
    for model in apps.get_models():  # slugs are data (the services' HSDS codes…)
        for field in model._meta.fields:
            if field.get_internal_type() == "SlugField":
                values += list(model.objects.values_list(field.name, flat=True))
    return {
        "home": site.root_page,
        "article_index": ArticleIndexPage.objects.first(),
        "article": ArticlePage.objects.live().first(),
        "event_index": EventIndexPage.objects.first(),
        "event": EventPage.objects.first(),
        "data_words": data_words_from(*[v for row in values for v in (row if isinstance(row, tuple) else [row])]),
    }


def _menu_urls(user):
    request = RequestFactory().get("/admin/")
    request.user = user

    def walk(items):
        for item in items:
            if hasattr(item, "menu"):
                yield from walk(item.menu.menu_items_for_request(request))
            elif item.url.startswith("/admin/"):
                yield item.url

    return list(walk(admin_menu.menu_items_for_request(request)))


def _snippet_urls(demo):
    urls = ["/admin/snippets/"]
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        urls.append(_reverse(viewset.get_url_name("list")))
        urls.append(_reverse(viewset.get_url_name("list")) + "?q=安")
        urls.append(_reverse(viewset.get_url_name("add")))
        first = model.objects.order_by("pk").first()
        if first is not None:
            urls.append(_reverse(viewset.get_url_name("edit"), first.pk))
        urls.append(_reverse(viewset.chooser_viewset.get_url_name("choose")))
    return urls


def _reverse(name, *args):
    from django.urls import reverse

    return reverse(name, args=[str(arg) for arg in args])


def _screens(user, demo):
    article, event = demo["article"], demo["event"]
    urls = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{demo['home'].pk}/",
        f"/admin/pages/{demo['article_index'].pk}/",
        f"/admin/pages/{demo['event_index'].pk}/",
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/{event.pk}/edit/",
        f"/admin/pages/{article.pk}/history/",
        f"/admin/pages/{demo['article_index'].pk}/add_subpage/",
        f"/admin/pages/add/articles/articlepage/{demo['article_index'].pk}/",
        f"/admin/pages/add/events/eventpage/{demo['event_index'].pk}/",
        "/admin/pages/search/?q=心理",
        "/admin/choose-page/",
        f"/admin/choose-page/{demo['article_index'].pk}/",
        "/admin/choose-page/search/?q=心理",
        "/admin/images/",
        "/admin/images/chooser/",
        "/admin/documents/",
        "/admin/documents/chooser/",
        "/admin/account/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/aging-pages/",
    ]
    urls += _menu_urls(user)
    urls += _snippet_urls(demo)
    return list(dict.fromkeys(urls))


def _html_of(response) -> str:
    if getattr(response, "streaming", False):
        return ""  # downloads (CSV, XLSX) are data
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", "replace")
    if "json" in content_type:  # modal choosers answer with their HTML in JSON
        try:
            payload = json.loads(body)
        except ValueError:
            return ""
        return payload.get("html") or "" if isinstance(payload, dict) else ""
    return body if "html" in content_type else ""


def _english_on(client, url, data_words):
    response = client.get(url, follow=True)
    assert response.status_code < 500, f"{url}: {response.status_code}"
    return english_in_html(_html_of(response), data_words)


class _FormFields(HTMLParser):
    """The fields of the first form posting to ``action`` as a browser would send them."""

    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.data, self._select, self._textarea = action, False, [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            # the edit form names its action; other forms on the page (editing sessions) do not
            self.inside = not self.data and urlsplit(a.get("action") or "").path == self.action
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.data.append((a["name"], a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = [a["name"], None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in a:
                self._select[2] = value
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            name, _first, chosen = self._select
            self.data.append((name, chosen if chosen is not None else ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.data.append(tuple(self._textarea))
            self._textarea = None


def _form_data(html, action):
    parser = _FormFields(action)
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def _english_after_saves(client, user, data_words):
    """Save a snippet the role may change as it is (the success message) and with its
    first required text field emptied (the validation error and the field's message)."""
    findings = []
    # models without inline children first (their forms post as they render)
    for model in sorted(get_snippet_models(), key=lambda model: bool(getattr(model._meta, "child_relations", None))):
        if not user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
            continue
        instance = model.objects.order_by("pk").first()
        if instance is None:
            continue
        url = _reverse(model.snippet_viewset.get_url_name("edit"), instance.pk)
        page = client.get(url)
        if page.status_code != 200:
            continue
        data = _form_data(page.content.decode(), url)
        saved = client.post(url, data, follow=True)
        findings += [f"{url} (saved) {finding}" for finding in english_in_html(_html_of(saved), data_words)]
        assert b"messages" in saved.content
        text_fields = [f.name for f in model._meta.fields if f.get_internal_type() == "CharField" and not f.blank]
        text_fields = [name for name in text_fields if name in data]
        if text_fields:
            refused = client.post(url, {**data, text_fields[0]: [""]})
            assert refused.status_code == 200, url
            findings += [f"{url} (refused) {finding}" for finding in english_in_html(_html_of(refused), data_words)]
        return findings, url
    return findings, None


@pytest.mark.parametrize("role", list(ROLE_USERS), ids=list(ROLE_USERS.values()))
def test_the_admin_shows_no_english_to_the_role(demo, role, db):
    user = get_user_model().objects.get(username=ROLE_USERS[role])
    client = Client()
    client.force_login(user)
    client.raise_request_exception = False
    findings = []
    screens = _screens(user, demo)
    for url in screens:
        findings += [f"{url} {finding}" for finding in _english_on(client, url, demo["data_words"])]
    saved_findings, saved_url = _english_after_saves(client, user, demo["data_words"])
    findings += saved_findings
    print(f"{role}: {len(screens)} screens, a save and a refused save on {saved_url}: {len(findings)} English texts")
    assert len(screens) > 40
    assert findings == [], f"{role}: English UI text on {len(findings)} places:\n" + "\n".join(findings)
