"""What counts as a view: a reader's GET of an article, event or directory entry that
answers 200, from the page cache or rendered; not bots, prefetches, HEAD, errors or
editors. What is stored: a number per page per Asia/Shanghai day, nothing else."""

import datetime
import logging

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from content.home.roles import ROLE_EDITORS
from content.readership import counting
from content.readership.models import PageViewDay
from tests import factories

from .conftest import BROWSER

pytestmark = pytest.mark.django_db


def views(kind, object_id):
    counting.flush()
    return sum(PageViewDay.objects.filter(kind=kind, object_id=object_id).values_list("views", flat=True))


def test_a_cached_article_is_counted_on_every_hit(reader, page_cache_on, article_index):
    article = factories.make_article(article_index)
    states = [reader.get(article.url)["X-Anxin-Cache"] for _ in range(5)]
    assert states == ["miss", "hit", "hit", "hit", "hit"]
    assert views("article", article.pk) == 5
    response = reader.get(article.url)
    assert response["X-Anxin-Cache"] == "hit"
    assert counting.MARKER_HEADER not in response  # the marker never leaves the server
    assert not response.cookies  # counting sets no cookie
    assert views("article", article.pk) == 6


def test_views_without_the_page_cache_are_counted_too(reader, article_index):
    article = factories.make_article(article_index)
    for _ in range(3):
        assert reader.get(article.url).status_code == 200
    assert views("article", article.pk) == 3


def test_directory_entries_and_events_are_counted_under_their_kind(reader, page_cache_on, home_page):
    from tests.content.events.conftest import make_event

    service = factories.make_service_point()
    for _ in range(2):
        assert reader.get(f"/fuwu/{service.pk}/").status_code == 200
    event_index = _event_index(home_page)
    area = service.area
    event = make_event(event_index, factories.make_organization(), area)
    for _ in range(3):
        assert reader.get(event.url).status_code == 200
    assert views("service", service.pk) == 2
    assert views("event", event.pk) == 3
    assert reader.get("/fuwu/").status_code == 200  # lists are not counted
    counting.flush()
    assert PageViewDay.objects.count() == 2


def _event_index(home_page):
    from content.events.models import EventIndexPage

    index = EventIndexPage(title="活动", slug=factories.unique("huodong"))
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"HTTP_USER_AGENT": "Sogou web spider/4.0"},
        {"HTTP_USER_AGENT": "curl/8.5.0"},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
        {"HTTP_X_PURPOSE": "preview"},
    ],
    ids=["baidu", "google", "sogou", "curl", "no-agent", "sec-purpose", "prerender", "purpose", "x-moz", "x-purpose"],
)
def test_bots_and_prefetches_are_not_counted(reader, page_cache_on, article_index, headers):
    article = factories.make_article(article_index)
    assert reader.get(article.url).status_code == 200  # a reader: cached and counted
    for _ in range(3):
        response = reader.get(article.url, **headers)
        assert response.status_code == 200 and response["X-Anxin-Cache"] == "hit"
    assert views("article", article.pk) == 1


def test_head_errors_and_other_pages_are_not_counted(reader, page_cache_on, article_index):
    article = factories.make_article(article_index)
    assert reader.head(article.url).status_code == 200
    assert reader.get(article.url + "no-such-page/").status_code == 404
    assert reader.get(article_index.url).status_code == 200
    assert reader.get("/").status_code == 200
    counting.flush()
    assert not PageViewDay.objects.exists()


def test_an_editor_reading_or_previewing_is_not_counted(reader, article_index):
    article = factories.make_article(article_index)
    editor = factories.make_user("counted-editor", ROLE_EDITORS)
    reader.force_login(editor)
    assert reader.get(article.url).status_code == 200
    reader.defaults.pop("HTTP_ACCEPT_ENCODING")  # read the preview's HTML as it is
    preview = f"/admin/pages/{article.pk}/edit/preview/"
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "summary": "摘要",
            "body": streamfield([("paragraph", rich_text("<p>预览正文</p>"))]),
            "sources": streamfield([]),
            "format": "article",
            "topics": "",
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        }
    )
    data["audiences"] = [str(a.pk) for a in article.audiences.all()]
    assert reader.post(preview, data).json()["is_valid"]
    shown = reader.get(preview)
    assert shown.status_code == 200 and "预览正文" in shown.content.decode()
    assert views("article", article.pk) == 0
    reader.logout()
    assert reader.get(article.url).status_code == 200
    assert views("article", article.pk) == 1


def test_flushes_add_up_per_page_and_day(article_index):
    article = factories.make_article(article_index)
    marker = f"article:{article.pk}"
    for _ in range(4):
        counting.count(marker)
    assert counting.pending() == 4
    assert counting.flush() == 4
    for _ in range(3):
        counting.count(marker)
    counting.count("article:not-a-number")  # never from our pages, but never a crash either
    counting.flush()
    row = PageViewDay.objects.get()
    assert (row.kind, row.object_id, row.views) == ("article", article.pk, 7)
    assert counting.pending() == 0


def test_the_day_is_the_day_in_shanghai(monkeypatch):
    # 2026-12-02 16:30 UTC is 00:30 on 3 December in Shanghai
    instant = datetime.datetime(2026, 12, 2, 16, 30, tzinfo=datetime.UTC).timestamp()
    monkeypatch.setattr(counting.time, "time", lambda: instant)
    monkeypatch.setattr(counting, "_day_ends", 0.0)
    assert counting.today() == datetime.date(2026, 12, 3)
    monkeypatch.setattr(counting.time, "time", lambda: instant - 3600)  # 23:30 the day before
    monkeypatch.setattr(counting, "_day_ends", 0.0)
    assert counting.today() == datetime.date(2026, 12, 2)
    counting.count("article:1")
    counting.flush()
    assert PageViewDay.objects.get().day == datetime.date(2026, 12, 2)


def test_a_failed_flush_keeps_the_views_for_the_next(monkeypatch, caplog):
    for _ in range(5):
        counting.count("article:9")
    monkeypatch.setattr(counting, "_upsert_sql", lambda: "INSERT INTO no_such_table VALUES (%s, %s, %s, %s)")
    with caplog.at_level(logging.WARNING, logger="content.readership.counting"):
        assert counting.flush() == 0
    assert counting.pending() == 5
    assert "5 kept" in caplog.text
    monkeypatch.undo()
    assert counting.flush() == 5
    assert PageViewDay.objects.get(object_id=9).views == 5


def test_nothing_about_the_reader_is_stored_or_logged(reader, article_index, caplog):
    article = factories.make_article(article_index)
    with caplog.at_level(logging.DEBUG, logger="content.readership"):
        reader.get(article.url, REMOTE_ADDR="203.0.113.77", HTTP_X_FORWARDED_FOR="198.51.100.9")
        counting.flush()
    assert {f.name for f in PageViewDay._meta.get_fields()} == {"id", "kind", "object_id", "day", "views"}
    assert "page views written: 1 views" in caplog.text
    for personal in ("203.0.113.77", "198.51.100.9", "Mozilla", "Android", BROWSER):
        assert personal not in caplog.text
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {PageViewDay._meta.db_table}")
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert "203.0.113" not in stored and "Mozilla" not in stored
    assert get_user_model().objects.count() == 0  # a reader is never a user


def test_counting_can_be_switched_off(reader, settings, article_index):
    settings.READERSHIP_ENABLED = False
    article = factories.make_article(article_index)
    response = reader.get(article.url)
    assert response.status_code == 200 and counting.MARKER_HEADER not in response
    assert views("article", article.pk) == 0
