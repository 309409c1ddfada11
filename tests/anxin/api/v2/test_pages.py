"""/api/v2/pages/: the shape of each page type, the filters, and only live public pages."""

from __future__ import annotations

import datetime

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from content.events.models import SHANGHAI
from tests import factories

from .conftest import get_json, make_event, titles

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"


def test_article_detail_has_every_field(client, articles_index, elders, expert):
    image = factories.make_image("封面")
    article = factories.make_article(
        articles_index,
        title="睡不着觉怎么办",
        audiences=[elders],
        topics=["失眠"],
        format="handbook",
        cover_image=image,
        cover_alt="月亮",
        body=[
            ("heading", {"text": "先别着急", "level": "h2"}),
            ("paragraph", f'<p>看看<a linktype="page" id="{articles_index.pk}">更多文章</a>。</p>'),
            ("image", {"image": image, "alt_text": "安静的卧室", "caption": "睡前放松"}),
            ("hotline", {"name": "心理援助热线", "number": "021 3959 0800 转 123", "hours": "", "note": ""}),
        ],
        sources=[("source", {"title": "失眠指南", "publisher": "学会", "url": "https://example.org/", "year": 2020})],
    )
    data = get_json(client, f"{PAGES}{article.pk}/")
    assert data["meta"]["type"] == "articles.ArticlePage"
    assert data["title"] == "睡不着觉怎么办"
    assert data["summary"] == "失眠的自助方法。"
    assert data["audiences"] == [{"id": elders.pk, "slug": "elders", "name": "老年人"}]
    assert [topic["name"] for topic in data["topics"]] == ["失眠"]
    assert data["format"] == {"value": "handbook", "label": "手册/口袋书"}
    assert data["reviewer"]["name"] == expert.name
    assert data["reviewed_date"] == article.reviewed_date.isoformat()
    assert data["reading_time"] == 1
    assert data["sources"][0]["title"] == "失眠指南"
    assert data["cover"]["renditions"]["fill-750x420"]["url"].startswith("http://localhost/")
    assert data["cover"]["renditions"]["fill-750x420"]["width"] == 750
    assert data["cover"]["renditions"]["width-360"]["width"] == 360
    kinds = [block["type"] for block in data["body"]]
    assert kinds == ["heading", "paragraph", "image", "hotline"]
    paragraph = data["body"][1]["value"]["html"]
    assert f'href="http://localhost{articles_index.url}"' in paragraph
    assert data["body"][2]["value"]["image"]["renditions"]["width-750"]["url"].startswith("http://localhost/")
    hotline = data["body"][3]["value"]
    assert hotline["href"] == "tel:02139590800,123"
    assert hotline["number"] == "021-39590800 转 123"
    html = data["body_html"]
    assert "<h2>先别着急</h2>" in html
    assert '<img src="http://localhost/' in html
    assert 'href="tel:02139590800,123"' in html
    assert data["share_title"] == "睡不着觉怎么办"
    assert data["share_summary"] == "失眠的自助方法。"


def test_share_summary_is_at_most_54_characters(client, articles_index):
    article = factories.make_article(articles_index, summary="很长的摘要" * 30)
    data = get_json(client, f"{PAGES}{article.pk}/")
    assert len(data["share_summary"]) == 54
    assert data["share_summary"].endswith("…")


def test_listing_of_articles_with_fields(client, articles_index):
    factories.make_article(articles_index, title="甲")
    factories.make_article(articles_index, title="乙")
    data = get_json(client, PAGES, type="articles.ArticlePage", fields="summary,audiences,share_summary")
    assert data["meta"]["total_count"] == 2
    assert sorted(titles(data)) == ["乙", "甲"]
    assert set(data["items"][0]) >= {"id", "meta", "title", "summary", "audiences", "share_summary"}
    assert data["items"][0]["meta"]["detail_url"].startswith("http://localhost/api/v2/pages/")


def test_event_detail(client, events_index, organizer, areas, campaign, elders):
    start = datetime.datetime(2030, 10, 10, 9, 0, tzinfo=SHANGHAI)
    venue = factories.make_service_point("南翔村心理咨询室", area=areas["village"], latitude="31.3", longitude="121.3")
    event = make_event(
        events_index,
        organizer,
        areas["village"],
        start=start,
        campaign=campaign,
        venue=venue,
        audiences=[elders],
        title="世界精神卫生日义诊",
    )
    data = get_json(client, f"{PAGES}{event.pk}/")
    assert data["meta"]["type"] == "events.EventPage"
    assert data["start"] == "2030-10-10T09:00:00+08:00"
    assert data["end"] == "2030-10-10T11:00:00+08:00"
    assert [a["name"] for a in data["area"]] == ["上海市", "嘉定区", "南翔镇", "南翔村"]
    assert data["kind"] == {"value": "lecture", "label": "讲座"}
    assert data["campaign"]["slug"] == "wmhd-2026"
    assert data["organizer"]["name"] == "南翔镇社区卫生服务中心"
    assert data["venue"]["name"] == "南翔村心理咨询室"
    assert data["venue"]["phones"][0]["href"] == "tel:02139590800"
    assert data["coordinates"] == {"latitude": 31.3, "longitude": 121.3}
    assert data["status"] == "upcoming"
    assert data["reach"] is None
    assert data["audiences"][0]["slug"] == "elders"


def test_event_reach_once_reported(client, events_index, organizer, areas):
    from content.events.models import AttendanceReport

    two_days_ago = datetime.datetime.now(SHANGHAI) - datetime.timedelta(days=2)
    event = make_event(events_index, organizer, areas["village"], start=two_days_ago)
    assert get_json(client, f"{PAGES}{event.pk}/")["reach"] is None
    AttendanceReport(event=event, attendees=40, online_views=10).save()
    data = get_json(client, f"{PAGES}{event.pk}/")
    assert data["reach"] == 50
    assert data["status"] == "ended"


def test_defunct_venue_is_never_shown(client, events_index, organizer, areas):
    venue = factories.make_service_point("已撤销的咨询室", status="defunct", area=areas["village"])
    event = make_event(events_index, organizer, areas["village"], venue=venue)
    data = get_json(client, f"{PAGES}{event.pk}/")
    assert data["venue"] is None
    assert data["coordinates"] is None
    assert "已撤销" not in str(data)


def test_defunct_service_in_an_article_is_left_out(client, articles_index):
    active = factories.make_service_point("在用的咨询室")
    defunct = factories.make_service_point("已撤销的咨询室", status="defunct")
    article = factories.make_article(
        articles_index,
        body=[
            ("paragraph", "<p>身边的服务。</p>"),
            ("related_services", {"title": "身边的心理服务", "services": [active, defunct]}),
        ],
    )
    data = get_json(client, f"{PAGES}{article.pk}/")
    services = data["body"][1]["value"]["services"]
    assert [s["name"] for s in services] == ["在用的咨询室"]
    assert "已撤销" not in data["body_html"]


# --- filters -----------------------------------------------------------------------
def test_audience_filter_by_slug_or_id(client, articles_index, elders, parents):
    factories.make_article(articles_index, title="给老人", audiences=[elders])
    factories.make_article(articles_index, title="给家长", audiences=[parents])
    assert titles(get_json(client, PAGES, audience="elders")) == ["给老人"]
    assert titles(get_json(client, PAGES, audience=str(parents.pk))) == ["给家长"]
    assert titles(get_json(client, PAGES, audience="nobody")) == []


def test_topic_and_format_filters(client, articles_index):
    factories.make_article(articles_index, title="失眠手册", topics=["失眠"], format="handbook")
    factories.make_article(articles_index, title="焦虑视频", topics=["焦虑"], format="video")
    from taggit.models import Tag

    slug = Tag.objects.get(name="失眠").slug
    assert titles(get_json(client, PAGES, topic=slug)) == ["失眠手册"]
    assert titles(get_json(client, PAGES, format="video")) == ["焦虑视频"]
    error = get_json(client, PAGES, status=400, format="podcast")["error"]
    assert error["parameter"] == "format"


def test_area_filter_includes_descendant_areas(client, events_index, organizer, areas):
    make_event(events_index, organizer, areas["village"], title="村里的活动")
    make_event(events_index, organizer, areas["nanxiang"], title="镇上的活动")
    make_event(events_index, organizer, areas["pudong"], title="浦东的活动")
    assert sorted(titles(get_json(client, PAGES, area="310114000000"))) == ["村里的活动", "镇上的活动"]
    assert sorted(titles(get_json(client, PAGES, area="310114102"))) == ["村里的活动", "镇上的活动"]
    assert titles(get_json(client, PAGES, area="310114102201")) == ["村里的活动"]
    assert len(titles(get_json(client, PAGES, area="31"))) == 3
    error = get_json(client, PAGES, status=400, area="abc")["error"]
    assert error == {"code": "bad_parameter", "message": error["message"], "parameter": "area"}
    assert "区划代码" in error["message"]


def test_campaign_and_date_filters(client, events_index, organizer, areas, campaign):
    make_event(
        events_index,
        organizer,
        areas["village"],
        title="十月十日",
        campaign=campaign,
        start=datetime.datetime(2030, 10, 10, 9, 0, tzinfo=SHANGHAI),
    )
    make_event(
        events_index,
        organizer,
        areas["village"],
        title="十月十一日",
        start=datetime.datetime(2030, 10, 11, 0, 30, tzinfo=SHANGHAI),
    )
    assert titles(get_json(client, PAGES, campaign="wmhd-2026")) == ["十月十日"]
    assert titles(get_json(client, PAGES, campaign=str(campaign.pk))) == ["十月十日"]
    # Beijing days: 00:30 on the 11th is the 11th, though it is still the 10th in UTC.
    assert titles(get_json(client, PAGES, starts_after="2030-10-11")) == ["十月十一日"]
    assert titles(get_json(client, PAGES, starts_before="2030-10-11")) == ["十月十日"]
    both = get_json(
        client, PAGES, starts_after="2030-10-10", starts_before="2030-10-12", order="start", type="events.EventPage"
    )
    assert titles(both) == ["十月十日", "十月十一日"]
    error = get_json(client, PAGES, status=400, starts_after="2030-13-01")["error"]
    assert error["parameter"] == "starts_after"


# --- only live, public pages of this site ----------------------------------------------
def test_draft_never_appears(client, articles_index):
    draft = factories.make_article(articles_index, title="草稿", publish=False)
    assert "草稿" not in titles(get_json(client, PAGES))
    assert get_json(client, f"{PAGES}{draft.pk}/", status=404)["error"]["code"] == "not_found"


def test_private_page_and_its_descendants_never_appear(client, articles_index):
    private_index = factories.make_article_index(factories.make_home_page(), title="内部", slug="neibu")
    hidden = factories.make_article(private_index, title="内部文章")
    PageViewRestriction.objects.create(page=private_index, restriction_type="password", password="pw")
    listed = titles(get_json(client, PAGES))
    assert "内部" not in listed and "内部文章" not in listed
    get_json(client, f"{PAGES}{hidden.pk}/", status=404)
    get_json(client, f"{PAGES}{private_index.pk}/", status=404)


def test_unpublished_page_disappears(client, articles_index):
    article = factories.make_article(articles_index, title="将下线")
    get_json(client, f"{PAGES}{article.pk}/")
    article.unpublish()
    assert "将下线" not in titles(get_json(client, PAGES))
    get_json(client, f"{PAGES}{article.pk}/", status=404)


def test_pages_of_other_sites_never_appear(client, articles_index):
    other_root = Page.get_first_root_node().add_child(instance=Page(title="另一个站点", slug="other-site", live=True))
    Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    child = other_root.add_child(instance=Page(title="别的站点的页面", slug="other-page", live=True))
    listed = titles(get_json(client, PAGES))
    assert "别的站点的页面" not in listed and "另一个站点" not in listed
    get_json(client, f"{PAGES}{child.pk}/", status=404)


def test_hostile_rich_text_in_the_database_is_cleaned_in_both_forms(client, articles_index):
    hostile = (
        '<p onclick="steal()">文字<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p>'
        '<iframe src="https://evil.example/"></iframe>'
    )
    article = factories.make_article(articles_index, body=[("paragraph", hostile)])
    data = get_json(client, f"{PAGES}{article.pk}/")
    for html in (data["body"][0]["value"]["html"], data["body_html"]):
        assert "文字" in html and "链接" in html
        for needle in ("onclick", "<script", "javascript:", "<iframe", "evil.example", "alert(1)"):
            assert needle not in html
