"""Formula injection: a hostile article title comes out of the review-due export as text."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.spreadsheet_checks import HOSTILE, assert_safe_csv, assert_safe_xlsx

pytestmark = pytest.mark.django_db


def test_review_due_export_holds_no_live_formula(client, article_index, elders):
    today = timezone.localdate()
    for title in HOSTILE:
        factories.make_article(article_index, title=title, audiences=[elders], next_review_date=today)
    client.force_login(factories.make_user("boss", is_superuser=True, is_staff=True))
    url = reverse("articles_review_due")
    response = client.get(url + "?export=csv")
    assert response.status_code == 200
    assert_safe_csv(b"".join(response.streaming_content), ["'" + title for title in HOSTILE])
    response = client.get(url + "?export=xlsx")
    assert response.status_code == 200
    assert_safe_xlsx(b"".join(response.streaming_content), ["'" + title for title in HOSTILE])


def test_wagtails_own_reports_hold_no_live_formula(client, article_index, elders):
    """Wagtail's built-in reports export page titles too (here: aging pages)."""
    for title in HOSTILE:
        factories.make_article(article_index, title=title, audiences=[elders])
    client.force_login(factories.make_user("boss", is_superuser=True, is_staff=True))
    url = reverse("wagtailadmin_reports:aging_pages")
    response = client.get(url + "?export=csv")
    assert response.status_code == 200
    assert_safe_csv(b"".join(response.streaming_content), ["'" + title for title in HOSTILE])
    response = client.get(url + "?export=xlsx")
    assert response.status_code == 200
    assert_safe_xlsx(b"".join(response.streaming_content), ["'" + title for title in HOSTILE])
