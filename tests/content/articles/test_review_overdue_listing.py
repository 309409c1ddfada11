"""内容待复审 in the page explorer (issue 13, point 1): an editor browsing the articles
sees which ones are past their next review date, not only on their edit pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def _status_cells(html: str) -> dict[str, str]:
    """Each listed page's title → the text of its row."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)) for row in rows]
    return {title: text for text in texts for title in ("逾期文章", "还早呢") if title in text}


def test_the_explorer_marks_overdue_articles_for_editors(client, article_index, elders):
    today = timezone.localdate()
    factories.make_article(
        article_index,
        title="逾期文章",
        audiences=[elders],
        reviewed_date=today - datetime.timedelta(days=400),
        next_review_date=today - datetime.timedelta(days=5),
    )
    factories.make_article(
        article_index, title="还早呢", audiences=[elders], next_review_date=today + datetime.timedelta(days=90)
    )
    client.force_login(factories.make_user("overdue-editor", "编辑"))
    response = client.get(f"/admin/pages/{article_index.pk}/")
    assert response.status_code == 200
    rows = _status_cells(response.content.decode())
    assert "内容待复审" in rows["逾期文章"]
    assert "内容待复审" not in rows["还早呢"]
