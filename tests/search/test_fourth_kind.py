"""Self-check questionnaires are a fourth searchable kind, added by registration alone
(content/selfcheck/search.py): no engine names them (test_core_knows_no_content.py), yet
they are indexed, found, filtered by kind, and follow the page tree on every engine here.
Before the registration the questionnaire search below found nothing."""

from __future__ import annotations

import pytest
from django.db import connection

from content.selfcheck import demo
from content.selfcheck.models import QuestionnairePage
from search import index as search_index
from search import registry
from search.query import SearchQuery

pytestmark = pytest.mark.django_db

ENGINES = ["embedded"] + (["postgres"] if connection.vendor == "postgresql" else [])


@pytest.fixture(params=ENGINES)
def engine_settings(request, search_settings):
    search_settings.SEARCH_ENGINE = request.param
    if request.param == "postgres":
        search_index.get_engine().clear()
    return search_settings


@pytest.fixture
def questionnaires(engine_settings, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(lambda line: None)
    return {page.short_name: page for page in QuestionnairePage.objects.live()}


def test_questionnaire_is_a_registered_kind_with_the_audience_facet():
    kind = registry.get_kind("questionnaire")
    assert kind is not None and kind.model == "selfcheck.QuestionnairePage"
    assert [facet.name for facet in kind.facets] == ["audience"]
    assert registry.kind_names()[-1] == "questionnaire"  # order 3: after articles, services, events


def test_questionnaires_are_found_and_filtered_by_kind(questionnaires):
    results = search_index.search(SearchQuery(q="产后抑郁", kind="questionnaire"))
    assert [hit.id for hit in results.hits][:1] == [f"questionnaire:{questionnaires['EPDS'].pk}"]
    hit = results.hits[0]
    assert hit.kind == "questionnaire" and hit.url == questionnaires["EPDS"].url
    assert hit.payload["questions"] == 10

    everything = search_index.search(SearchQuery(q="焦虑 自评", per_page=50))
    assert f"questionnaire:{questionnaires['GAD-7'].pk}" in {hit.id for hit in everything.hits}


def test_the_api_counts_the_kind(client, questionnaires):
    response = client.get("/api/v1/search", {"q": "抑郁"})
    assert response.status_code == 200
    counts = response.json()["counts"]
    assert counts["questionnaire"] >= 2  # PHQ-9 and EPDS both speak of 抑郁


def test_an_unpublished_questionnaire_leaves_the_index(questionnaires, django_capture_on_commit_callbacks):
    epds = questionnaires["EPDS"]
    with django_capture_on_commit_callbacks(execute=True):
        epds.unpublish()
    results = search_index.search(SearchQuery(q="产后抑郁", kind="questionnaire"))
    assert f"questionnaire:{epds.pk}" not in {hit.id for hit in results.hits}


def test_the_search_box_names_every_registered_kind(client):
    """It read 搜索文章、服务机构和活动, written in the template, after a fourth kind came."""
    html = client.get("/search/").content.decode()
    assert '<label for="search-q" class="search-form__label">搜索文章、服务机构、活动和心理测评</label>' in html
