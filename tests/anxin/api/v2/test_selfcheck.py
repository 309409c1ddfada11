"""Questionnaires and audience pages in /api/v2/pages/: the instrument as published
(items, options, bands), never anything about a reader."""

from __future__ import annotations

import pytest

from content.selfcheck import demo
from content.selfcheck.instruments import PHQ9
from content.selfcheck.models import SelfCheckIndexPage

from .conftest import get_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def phq9_page(site_root):
    index = SelfCheckIndexPage(title="心理自测", slug="self-check", intro="<p>自测不是诊断。</p>")
    site_root.add_child(instance=index)
    index.save_revision().publish()
    page = demo.questionnaire_from_spec(PHQ9)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_questionnaire_detail(client, phq9_page, elders):
    phq9_page.audiences.set([elders])
    phq9_page.save_revision().publish()
    data = get_json(client, f"/api/v2/pages/{phq9_page.pk}/")
    assert data["meta"]["type"] == "selfcheck.QuestionnairePage"
    assert data["short_name"] == "PHQ-9"
    assert len(data["questions"]) == 9
    first = data["questions"][0]
    assert first["number"] == 1 and first["text"]
    assert [o["score"] for o in first["options"]] == [0, 1, 2, 3]
    assert data["questions"][8]["is_risk_item"] is True
    bands = data["bands"]
    assert bands[0]["min_score"] == 0 and bands[-1]["max_score"] == 27
    assert all("<script" not in band["html"] for band in bands)
    assert data["instructions"].startswith("<")
    assert data["sources"] and data["sources"][0]["citation"]
    assert data["audiences"][0]["slug"] == "elders"
    assert set(data) >= {"licence_note", "minutes", "subject", "summary", "share_title", "share_summary"}
    assert not {"answers", "score", "result"} & set(data)


def test_questionnaires_filtered_by_audience_and_type(client, phq9_page, elders):
    phq9_page.audiences.set([elders])
    phq9_page.save_revision().publish()
    data = get_json(client, "/api/v2/pages/", type="selfcheck.QuestionnairePage", audience="elders")
    assert [item["id"] for item in data["items"]] == [phq9_page.pk]


def test_audience_page(client, site_root, elders):
    from content.home.models import AudiencePage

    page = AudiencePage(title="老年人心理健康", slug="laonianren", audience=elders, intro="写给长辈。")
    site_root.add_child(instance=page)
    page.save_revision().publish()
    data = get_json(client, f"/api/v2/pages/{page.pk}/")
    assert data["audience"]["slug"] == "elders"
    assert data["intro"] == "写给长辈。"
    listed = get_json(client, "/api/v2/pages/", audience="elders", type="home.AudiencePage")
    assert [item["id"] for item in listed["items"]] == [page.pk]
