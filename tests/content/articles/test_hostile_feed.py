"""The RSS feed read back by a real feed parser: markup typed into a title, summary or
audience name reaches the reader as text, never as live HTML."""

import feedparser
import pytest
from django.utils.html import strip_tags

from content.reference.models import Audience
from tests import factories

pytestmark = pytest.mark.django_db

TITLE = '<script>alert("标题")</script><b>睡不着</b> & 怎么办'
SUMMARY = '<script>alert("摘要")</script><img src=x onerror=alert(1)><b>失眠</b> & 焦虑'


def test_feed_carries_markup_as_text(client, article_index, elders):
    Audience.objects.filter(pk=elders.pk).update(name="<i>老年人</i>")
    factories.make_article(article_index, title=TITLE, summary=SUMMARY, audiences=[elders])
    response = client.get(article_index.url + "feed/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    (entry,) = feed.entries
    # description is HTML (RSS 2.0): what a reader renders must show the summary as text
    assert entry.summary_detail.type == "text/html"
    assert "<" not in entry.summary and ">" not in entry.summary.replace("&gt;", "")
    assert strip_tags(entry.summary) == entry.summary  # no element at all
    assert "&lt;script&gt;" in entry.summary and "&amp;" in entry.summary
    # the title reads the same whether a reader takes it as text or as HTML: no markup characters
    for title in (entry.title, feed.feed.title):
        assert "<" not in title and ">" not in title
    assert "＜script＞" in entry.title and "睡不着" in entry.title and "&" in entry.title
    assert all("<" not in tag.term for tag in entry.tags)
