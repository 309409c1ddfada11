"""The content apps feed the search layer: crisis hotlines from the site settings,
facet labels from the reference data, articles on publish."""

import pytest
from wagtail.models import Site

from content.home.models import CrisisSettings
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def custom_hotlines(home_page):
    settings = CrisisSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotlines = [
        (
            "hotline",
            {"name": "北京心理危机研究与干预中心", "number": "800-810-1117", "hours": "24小时", "is_24h": True},
        ),
        ("hotline", {"name": "希望24热线", "number": "400-161-9995", "hours": "24小时", "is_24h": True}),
    ]
    settings.save()
    return settings


@pytest.mark.parametrize("query", ["不想活了", "不想活了吗", "輕生"])
def test_crisis_queries_show_the_site_settings_hotlines(client, custom_hotlines, query):
    page = client.get("/search/", {"q": query}).content.decode()
    assert 'href="tel:8008101117"' in page.split('class="search-crisis"')[1].split("</section>")[0]
    assert 'href="tel:4001619995"' in page
    api = client.get("/api/v1/search", {"q": query}).json()
    assert api["crisis"] is True
    assert [line["number"] for line in api["hotlines"]][:2] == ["800-810-1117", "400-161-9995"]


def test_ordinary_queries_are_not_crisis(client, custom_hotlines):
    assert client.get("/api/v1/search", {"q": "失眠"}).json()["crisis"] is False


def test_published_articles_are_found_with_chinese_facet_labels(
    client, article_index, elders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_article(
            article_index,
            title="老年人睡不好怎么办",
            audiences=[elders],
            body=[("paragraph", "<p>我最近总是失眠，晚上睡不着。</p>")],
        )
    api = client.get("/api/v1/search", {"q": "失眠"}).json()
    assert [r["title"] for r in api["results"]] == ["老年人睡不好怎么办"]
    html = client.get("/search/", {"q": "失眠"}).content.decode()
    assert "老年人" in html.split("老年人睡不好怎么办")[-1] or ">老年人<" in html
    assert ">elders" not in html


def test_unpublished_articles_leave_the_index(client, article_index, elders, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = factories.make_article(article_index, title="即将下线的文章", audiences=[elders])
    assert client.get("/api/v1/search", {"q": "下线"}).json()["results"]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get("/api/v1/search", {"q": "下线"}).json()["results"] == []
