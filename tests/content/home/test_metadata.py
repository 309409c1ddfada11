"""Issue #17 point 5: titles without repetition; canonical, og:url and og:image on the
configured public host, never ``localhost`` in production."""

import re

import pytest
from wagtail.models import Site

from tests import factories

pytestmark = pytest.mark.django_db


def head(html: str) -> str:
    return html.split("</head>", 1)[0]


def meta(html: str, prop: str) -> list[str]:
    return re.findall(rf'<meta property="{re.escape(prop)}" content="([^"]*)"', head(html))


def canonicals(html: str) -> list[str]:
    return re.findall(r'<link rel="canonical" href="([^"]*)"', head(html))


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


@pytest.fixture
def demo_like_home(home_page):
    home_page.title = "安心 · 嘉定心理健康服务"
    home_page.save_revision().publish()
    return home_page


def test_home_title_does_not_repeat_the_site_name(client, demo_like_home):
    text = title(client.get("/").content.decode())
    assert text == "安心 · 嘉定心理健康服务"
    assert text.count("安心") == 1


def test_other_pages_keep_the_site_name_once(client, article_index):
    article = factories.make_article(article_index, title="睡不着觉怎么办")
    assert title(client.get(article.url).content.decode()) == "睡不着觉怎么办 · 安心"


def test_public_base_url_setting_wins(client, settings, article_index):
    settings.PUBLIC_BASE_URL = "https://xinli.example.gov.cn/"
    article = factories.make_article(article_index, cover_image=factories.make_image())
    html = client.get(article.url).content.decode()
    assert canonicals(html) == [f"https://xinli.example.gov.cn{article.url}"]
    assert meta(html, "og:url") == [f"https://xinli.example.gov.cn{article.url}"]
    [image] = meta(html, "og:image")
    assert image.startswith("https://xinli.example.gov.cn/") and image.endswith(".jpg"), image
    assert meta(html, "og:image:width") == ["1200"] and meta(html, "og:image:height") == ["630"]
    assert meta(html, "og:type") == ["article"]


def test_wagtail_site_hostname_is_used_when_it_is_real(client, settings, home_page):
    settings.PUBLIC_BASE_URL = ""
    Site.objects.filter(is_default_site=True).update(hostname="xinli.example.gov.cn", port=443)
    html = client.get("/", HTTP_HOST="xinli.example.gov.cn").content.decode()
    assert canonicals(html) == ["https://xinli.example.gov.cn/"]


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_production_never_emits_a_loopback_host(client, settings, home_page, host):
    """The demo's Site is ``localhost``; a probe or proxy asking for localhost must not
    make it the canonical host of the cached page."""
    settings.PUBLIC_BASE_URL = ""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "xinli.example.gov.cn"]
    html = client.get("/", HTTP_HOST=host).content.decode()
    assert canonicals(html) == ["https://xinli.example.gov.cn/"]
    assert "localhost" not in head(html) and "127.0.0.1" not in head(html)


def test_one_canonical_per_page_and_no_query_string(client, settings, article_index):
    settings.PUBLIC_BASE_URL = "https://xinli.example.gov.cn"
    for url in ("/", article_index.url, article_index.url + "?page=2", "/fuwu/", "/search/?q=失眠"):
        html = client.get(url).content.decode()
        found = canonicals(html)
        assert len(found) == 1, (url, found)
        assert "?" not in found[0] and found[0].startswith("https://xinli.example.gov.cn/"), (url, found)
