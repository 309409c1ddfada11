import json
import re
import xml.etree.ElementTree as ET

import pytest

from content.articles.models import ArticleFormat
from tests import factories

pytestmark = pytest.mark.django_db


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_article_page_shows_review_line_metadata_and_json_ld(client, settings, article_index, elders, expert):
    settings.PUBLIC_BASE_URL = "https://xinli.example.gov.cn"
    page = factories.make_article(article_index, audiences=[elders], reviewer=expert, topics=["失眠"])
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"审核专家 {expert.name}" in html
    assert "最近审核" in html and "下次审核" in html
    assert page.next_review_date.strftime("%Y-%m-%d") in html
    public = "https://xinli.example.gov.cn" + page.url
    assert f'<link rel="canonical" href="{public}">' in html
    assert "localhost" not in html
    assert 'property="og:title"' in html
    assert 'type="application/rss+xml"' in html
    data = _json_ld(html)
    assert data["reviewedBy"]["name"] == expert.name
    assert data["url"] == public


def test_index_filters_by_audience_topic_and_format(client, article_index, elders, parents):
    sleep = factories.make_article(article_index, title="老人睡眠", audiences=[elders], topics=["失眠"])
    school = factories.make_article(article_index, title="孩子厌学", audiences=[parents], topics=["厌学"])
    kit = factories.make_article(
        article_index, title="考试工具包", audiences=[parents], topics=["焦虑"], format=ArticleFormat.TOOLKIT
    )

    def titles(query):
        html = client.get(article_index.url + query).content.decode()
        return {t for t in (sleep.title, school.title, kit.title) if t in html}

    assert titles("") == {sleep.title, school.title, kit.title}
    assert titles("?audience=elders") == {sleep.title}
    assert titles("?audience=parents") == {school.title, kit.title}
    assert titles("?topic=" + school.topics.first().slug) == {school.title}
    assert titles("?format=toolkit") == {kit.title}
    assert titles("?audience=parents&format=article") == {school.title}


def test_index_ignores_bad_filter_values_with_a_message(client, article_index, elders):
    factories.make_article(article_index, title="仍然显示", audiences=[elders])
    response = client.get(article_index.url + "?audience=nobody&format=%3Cscript%3E&page=abc")
    assert response.status_code == 200
    html = response.content.decode()
    assert "筛选条件有误" in html
    assert "仍然显示" in html


def test_index_paginates(client, article_index, elders):
    for number in range(14):
        factories.make_article(article_index, title=f"文章{number:02d}", audiences=[elders])
    first = client.get(article_index.url).content.decode()
    second = client.get(article_index.url + "?page=2").content.decode()
    assert first.count('class="card"') == 12
    assert second.count('class="card"') == 2
    assert "第 2 / 2 页" in second
    assert client.get(article_index.url + "?page=99").status_code == 200


def test_unpublished_articles_are_not_listed(client, article_index, elders):
    factories.make_article(article_index, title="草稿文章", audiences=[elders], publish=False)
    assert "草稿文章" not in client.get(article_index.url).content.decode()


def test_topic_pages(client, article_index, elders):
    page = factories.make_article(article_index, title="失眠自助", audiences=[elders], topics=["失眠"])
    topic = page.topics.first()
    listing = client.get(article_index.url + "topics/")
    assert listing.status_code == 200
    assert "失眠" in listing.content.decode()
    detail = client.get(f"{article_index.url}topics/{topic.slug}/")
    assert detail.status_code == 200
    assert "失眠自助" in detail.content.decode()
    assert client.get(f"{article_index.url}topics/no-such-topic/").status_code == 404


def _rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def test_feeds_all_and_per_audience(client, article_index, elders, parents):
    factories.make_article(article_index, title="写给老人", audiences=[elders])
    factories.make_article(article_index, title="写给家长", audiences=[parents])
    assert set(_rss_items(client.get(article_index.url + "feed/"))) == {"写给老人", "写给家长"}
    assert _rss_items(client.get(article_index.url + "feed/elders/")) == ["写给老人"]
    assert client.get(article_index.url + "feed/nobody/").status_code == 404


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def test_sitemap_index_lists_articles_and_topic_pages(client, article_index, elders):
    page = factories.make_article(article_index, audiences=[elders], topics=["失眠"])
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = [el.text for el in ET.fromstring(index.content).iter(SITEMAP_NS)]
    assert any(s.endswith("/sitemap-pages.xml") for s in sections)
    assert any(s.endswith("/sitemap-services.xml") for s in sections)
    response = client.get("/sitemap-pages.xml")
    assert response.status_code == 200
    locations = [el.text for el in ET.fromstring(response.content).iter(SITEMAP_NS)]
    assert page.full_url in locations
    assert article_index.full_url + "topics/" in locations
    assert any("/topics/" in loc and loc.endswith(f"{page.topics.first().slug}/") for loc in locations)
