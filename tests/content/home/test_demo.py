"""``manage.py load_demo`` builds the whole demo site and is idempotent."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from wagtail.models import Page

from content.articles.models import ArticlePage
from content.home.models import HomePage

pytestmark = pytest.mark.django_db(transaction=False)


def snapshot():
    from django.apps import apps

    counts = {}
    for model in apps.get_models():
        if model._meta.app_label in {"reference", "articles", "directory", "events", "home", "selfcheck"}:
            counts[model._meta.label] = model.objects.count()
    counts["pages"] = Page.objects.count()
    counts["users"] = get_user_model().objects.count()
    return counts


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("load_demo", stdout=out)
        first = snapshot()
        out2 = StringIO()
        call_command("load_demo", stdout=out2)
        second = snapshot()
        yield out.getvalue(), first, second
        # leave the module-level data behind for the other tests in this module only
        from django.core.management import call_command as flush

        flush("flush", "--noinput", verbosity=0)


def test_load_demo_is_idempotent_and_shows_progress(demo_output):
    output, first, second = demo_output
    assert "[1/" in output and "演示内容已就绪" in output
    assert first == second


def test_demo_content_meets_the_brief(demo_output):
    assert HomePage.objects.count() == 1
    articles = ArticlePage.objects.live()
    assert articles.count() >= 8
    audience_count = articles.values("audiences").annotate(n=Count("pk")).count()
    assert audience_count >= 5
    assert all(a.reviewer_id for a in articles)


def test_demo_accounts_one_per_role(demo_output):
    from content.home.roles import ROLES

    User = get_user_model()
    for role in ROLES:
        assert User.objects.filter(groups__name=role).exists(), role
