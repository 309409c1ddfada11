"""The rich-text sanitiser against hostile HTML: what WeChat's rich-text may show, no
more, with every URL absolute."""

from __future__ import annotations

import pytest

from anxin.api.v2.sanitise import clean_html, rich_text_html

BASE = "https://anxin.example/"

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="  javascript:alert(1)">点我</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点我</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">文字</p>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example/"><input name="q"></form>',
    '<p onclick="alert(1)" onmouseover="alert(2)">文字</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="vbscript:msgbox(1)">点我</a>',
    "<!-- <script>alert(1)</script> -->",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<img src="//evil.example/track.gif">',
]


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_html_is_defused(html):
    cleaned = clean_html(html, BASE).lower()
    for needle in ("<script", "onerror", "onclick", "onload", "onmouseover", "javascript:", "vbscript:", "data:"):
        assert needle not in cleaned
    for tag in ("<iframe", "<style", "<svg", "<object", "<embed", "<form", "<input", "<base", "<meta", "<math"):
        assert tag not in cleaned
    assert "style=" not in cleaned
    assert "evil.example" not in cleaned
    assert "alert(1)" not in cleaned or "<" not in cleaned.split("alert(1)")[0][-1:]


def test_allowed_markup_survives():
    html = (
        "<h3>标题</h3><p><strong>粗</strong><em>斜</em><br></p><ul><li>一</li></ul><ol><li>二</li></ol>"
        "<blockquote>引文</blockquote><table><tr><td>格</td></tr></table>"
    )
    cleaned = clean_html(html, BASE)
    for tag in ("<h3>", "<strong>", "<em>", "<br>", "<ul>", "<ol>", "<li>", "<blockquote>", "<table>", "<td>"):
        assert tag in cleaned


def test_relative_urls_become_absolute_and_tel_links_stay():
    cleaned = clean_html(
        '<a href="/kepu/shimian/">文</a><img src="/media/a.jpg" alt="图"><a href="tel:12356">拨</a>', BASE
    )
    assert 'href="https://anxin.example/kepu/shimian/"' in cleaned
    assert 'src="https://anxin.example/media/a.jpg"' in cleaned
    assert 'href="tel:12356"' in cleaned


@pytest.mark.django_db
def test_internal_page_links_are_expanded_to_absolute_urls(articles_index):
    html = rich_text_html(f'<p><a linktype="page" id="{articles_index.pk}">科普</a></p>', BASE)
    assert html == f'<p><a href="https://anxin.example{articles_index.url}">科普</a></p>'


@pytest.mark.django_db
def test_link_to_a_missing_page_loses_its_href():
    html = rich_text_html('<p><a linktype="page" id="999999">不存在</a></p>', BASE)
    assert "999999" not in html
    assert "不存在" in html
