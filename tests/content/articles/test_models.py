import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.blocks import StructBlockValidationError

from content.articles.blocks import VideoBlock
from content.articles.models import ArticlePage, reading_minutes, stream_plain_text
from content.articles.video import parse_video_url
from tests import factories


def test_reading_time_counts_chinese_characters_and_words():
    assert reading_minutes("") == 1
    assert reading_minutes("字" * 400) == 1
    assert reading_minutes("字" * 401) == 2
    assert reading_minutes("word " * 400) == 2
    assert reading_minutes("字" * 800 + " word" * 200) == 3


@pytest.mark.django_db
def test_reading_time_is_stored_from_the_body(article_index, elders):
    long_text = "心" * 1300
    page = factories.make_article(article_index, audiences=[elders], body=[("paragraph", f"<p>{long_text}</p>")])
    assert page.reading_time == 4  # (1300 + title + summary) / 400, rounded up


@pytest.mark.django_db
def test_plain_text_walks_nested_blocks(article_index, elders):
    body = [
        ("paragraph", "<p>第一段<b>加粗</b></p>"),
        ("faq", {"title": "常见问题", "items": [{"question": "收费吗？", "answer": "<p>免费。</p>"}]}),
        ("callout", {"kind": "tip", "title": "小贴士", "text": "<p>早点睡</p>"}),
    ]
    page = factories.make_article(article_index, audiences=[elders], body=body)
    text = stream_plain_text(page.body)
    for fragment in ("第一段加粗", "收费吗？", "免费。", "早点睡"):
        assert fragment in text
    assert "<" not in text


@pytest.mark.django_db
def test_next_review_must_be_after_reviewed_date(article_index):
    today = timezone.localdate()
    page = ArticlePage(
        title="t", slug="t", summary="s", reviewed_date=today, next_review_date=today, body=[("paragraph", "<p>x</p>")]
    )
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert "下次审核日期必须晚于最近审核日期" in str(excinfo.value)
    page.next_review_date = today + datetime.timedelta(days=1)
    page.clean()


@pytest.mark.django_db
def test_review_status(article_index, elders):
    today = timezone.localdate()
    page = factories.make_article(article_index, audiences=[elders])
    page.next_review_date = today - datetime.timedelta(days=1)
    assert page.review_status == "overdue"
    page.next_review_date = today + datetime.timedelta(days=30)
    assert page.review_status == "due"
    page.next_review_date = today + datetime.timedelta(days=31)
    assert page.review_status == "ok"
    page.next_review_date = None
    assert page.review_status == "none"


@pytest.mark.django_db
def test_json_ld_is_a_reviewed_medical_web_page(article_index, elders, expert):
    page = factories.make_article(article_index, audiences=[elders], reviewer=expert, topics=["失眠"])
    data = json.loads(page.json_ld())
    assert data["@type"] == "MedicalWebPage"
    assert data["reviewedBy"]["name"] == expert.name
    assert data["lastReviewed"] == page.reviewed_date.isoformat()
    assert data["audience"][0]["audienceType"] == "老年人"
    assert data["about"][0]["name"] == "失眠"


@pytest.mark.django_db
def test_json_ld_cannot_close_its_script_element(article_index, elders):
    page = factories.make_article(article_index, audiences=[elders], title="</script><script>alert(1)</script>")
    text = page.json_ld()
    assert "</script>" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize(
    "url, player",
    [
        ("https://www.bilibili.com/video/BV1GJ411x7h7", "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7"),
        ("https://v.qq.com/x/page/a0012345678.html", "https://v.qq.com/txp/iframe/player.html?vid=a0012345678"),
        ("https://v.youku.com/v_show/id_XNTk2MjQ1.html", "https://player.youku.com/embed/XNTk2MjQ1"),
    ],
)
def test_supported_video_urls(url, player):
    source = parse_video_url(url)
    assert source is not None
    assert source.player_url.startswith(player)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=abc",
        "https://evil.example/video/BV1GJ411x7h7",
        "javascript:alert(1)",
        "https://www.bilibili.com/read/cv123",
        "",
    ],
)
def test_unsupported_video_urls_are_refused(url):
    assert parse_video_url(url) is None
    with pytest.raises(StructBlockValidationError) as excinfo:
        VideoBlock().clean({"url": url or "https://x.invalid/", "title": "视频", "transcript": ""})
    message = " ".join(excinfo.value.block_errors["url"].messages)
    assert "无法嵌入" in message or "有效的 URL" in message
