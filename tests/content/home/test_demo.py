"""``manage.py load_demo`` builds the whole demo site and is idempotent.

One test on purpose: the demo takes a while to build, and everything it must
contain is checked on the same build (inside the test's transaction).
"""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from content.articles.models import ArticlePage
from content.home.models import HomePage
from content.home.roles import ROLES
from content.reference.models import Audience

pytestmark = pytest.mark.django_db

DEMO_APPS = {"reference", "articles", "directory", "events", "home", "selfcheck"}


def snapshot():
    counts = {
        model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.app_label in DEMO_APPS
    }
    counts["pages"] = Page.objects.count()
    counts["users"] = get_user_model().objects.count()
    return counts


def test_load_demo_builds_the_brief_and_is_idempotent(django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=out)
    first = snapshot()
    output = out.getvalue()
    assert "[1/" in output and "演示内容已就绪" in output

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    assert snapshot() == first, "a second run must not create or delete anything"

    assert HomePage.objects.count() == 1
    articles = ArticlePage.objects.live()
    assert articles.count() >= 8
    assert Audience.objects.filter(articles__in=articles).distinct().count() >= 5
    assert all(article.reviewer_id for article in articles)

    User = get_user_model()
    for role in ROLES:
        assert User.objects.filter(groups__name=role).exists(), role

    if apps.is_installed("content.directory"):
        ServicePoint = apps.get_model("directory", "ServicePoint")
        assert ServicePoint.objects.count() >= 30
    if apps.is_installed("content.events"):
        EventPage = apps.get_model("events", "EventPage")
        assert EventPage.objects.live().count() >= 10
