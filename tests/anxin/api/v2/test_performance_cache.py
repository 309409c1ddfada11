"""An article detail in a bounded number of queries however long its body, and v2
answers kept by the anonymous page cache until a publish changes them."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests import factories

from .conftest import get_json, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.ANXIN_PAGE_CACHE_SECONDS = 300
    settings.ANXIN_PAGE_CACHE_STALE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def long_article(index, images, services, audiences, topics):
    body = [("paragraph", "<p>开头。</p>")]
    for number, image in enumerate(images):
        body.append(("image", {"image": image, "alt_text": f"图{number}", "caption": "说明"}))
        body.append(("paragraph", f'<p>第 {number} 段，<a linktype="page" id="{index.pk}">更多</a>。</p>'))
    body.append(("related_services", {"title": "身边的服务", "services": services}))
    return factories.make_article(index, body=body, audiences=audiences, topics=topics, cover_image=images[0])


def test_article_detail_queries_do_not_grow_with_the_body(client, articles_index, django_assert_max_num_queries):
    images = [factories.make_image(f"图{n}", size=(800, 600)) for n in range(12)]
    services = [factories.make_service_point(f"咨询室{n}") for n in range(4)]
    audiences = [factories.make_audience(f"人群{n}", f"audience-{n}") for n in range(6)]
    article = long_article(articles_index, images, services, audiences, [f"主题{n}" for n in range(6)])
    get_json(client, f"/api/v2/pages/{article.pk}/")  # renditions are made once, on the first request
    with django_assert_max_num_queries(15):
        data = get_json(client, f"/api/v2/pages/{article.pk}/")
    assert len([b for b in data["body"] if b["type"] == "image"]) == 12
    assert len(data["audiences"]) == 6 and len(data["topics"]) == 6
    assert len(data["body"][-1]["value"]["services"]) == 4


def test_article_listing_queries_do_not_grow_with_the_page(client, articles_index, django_assert_max_num_queries):
    audiences = [factories.make_audience(f"人群{n}", f"audience-{n}") for n in range(3)]
    for n in range(10):
        factories.make_article(articles_index, title=f"文章{n}", audiences=audiences, topics=["睡眠"])
    params = {"type": "articles.ArticlePage", "fields": "*", "limit": "20"}
    get_json(client, "/api/v2/pages/", **params)
    with django_assert_max_num_queries(15):
        data = get_json(client, "/api/v2/pages/", **params)
    assert data["meta"]["total_count"] == 10


def test_publishing_refreshes_the_cached_answer(
    client, articles_index, page_cache_on, django_capture_on_commit_callbacks
):
    article = factories.make_article(articles_index, title="旧标题")
    urls = [f"/api/v2/pages/{article.pk}/", "/api/v2/pages/?type=articles.ArticlePage"]
    for url in urls:
        assert client.get(url)["X-Anxin-Cache"] == "miss"
        assert client.get(url)["X-Anxin-Cache"] == "hit"
    article.title = "新标题"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for url in urls:
        response = client.get(url)
        assert response["X-Anxin-Cache"] == "miss"
        assert "新标题" in response.content.decode()


def test_an_attendance_report_refreshes_pages_but_not_images(
    client, events_index, organizer, areas, page_cache_on, django_capture_on_commit_callbacks
):
    from content.events.models import AttendanceReport

    factories.make_image("封面")
    event = make_event(events_index, organizer, areas["village"], start=timezone.now() - datetime.timedelta(days=1))
    urls = ["/api/v2/images/", f"/api/v2/pages/{event.pk}/"]
    for url in urls:
        assert client.get(url)["X-Anxin-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        AttendanceReport(event=event, attendees=30).save()
    # Images depend on "site" only; the pages endpoint shows reach ("reach" scope).
    assert client.get("/api/v2/images/")["X-Anxin-Cache"] == "hit"
    response = client.get(f"/api/v2/pages/{event.pk}/")
    assert response["X-Anxin-Cache"] == "miss"
    assert response.json()["reach"] == 30


def test_an_upcoming_event_answer_expires_when_the_event_starts(client, events_index, organizer, areas, page_cache_on):
    import time

    event = make_event(events_index, organizer, areas["village"], start=timezone.now() + datetime.timedelta(seconds=2))
    url = f"/api/v2/pages/{event.pk}/"
    first = client.get(url)
    assert first.json()["status"] == "upcoming"
    assert client.get(url)["X-Anxin-Cache"] == "hit"
    time.sleep(2.5)
    later = client.get(url)
    assert later["X-Anxin-Cache"] == "miss"
    assert later.json()["status"] == "ongoing"


def test_errors_are_not_cached(client, site_root, page_cache_on):
    first = client.get("/api/v2/pages/999999/")
    assert first.status_code == 404
    assert "X-Anxin-Cache" not in first
