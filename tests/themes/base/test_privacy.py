"""隐私说明: a public page saying what the site stores about readers (docs/privacy.md in
Chinese), linked from every page's footer; the footer no longer says "no statistics"."""

import re

from django.urls import reverse


def test_the_privacy_page_says_what_is_stored_and_what_is_not(client, hotlines):
    response = client.get("/yinsi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>隐私说明</h1>" in html
    for statement in (
        "每个页面每天被浏览的总次数",
        "是页面浏览次数，不是人数",
        "不记录 IP 地址",
        "不记录浏览器信息",
        "自测题的答案",
        "参加者的姓名",
        "没有第三方",
    ):
        assert statement in html, statement
    assert not response.cookies
    # nothing from another host: every absolute URL is the site's own (the canonical link)
    hosts = set(re.findall(r'(?:src|href)="(?:https?:)?//([^/"]+)', html))
    assert hosts <= {"testserver"}, hosts


def test_every_page_links_to_it_from_the_footer(client, hotlines):
    assert reverse("privacy") == "/yinsi/"
    footer = client.get(reverse("offline")).content.decode().split('<footer class="site-footer">', 1)[1]
    assert '<a href="/yinsi/">隐私说明</a>' in footer
    assert "不使用任何跟踪、统计" not in footer  # page views are counted (as totals), so say what is
    assert "只统计每个页面的浏览总数" in footer
