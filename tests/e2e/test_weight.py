"""An article page with its cover image sends at most 60 KB compressed (HTML + CSS + JS
+ the cover a 360 px phone picks: the smallest AVIF candidate at least 360 px wide), all
from this host.

A size check, not a timing: sizes are gzip (level 6, what a server sends) of each
response body, or the bytes sent when the server already compressed them.
"""

import gzip
import re
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest

BUDGET = 60 * 1024
FETCHED_LINKS = {"stylesheet", "icon", "manifest", "preload", "modulepreload", "prefetch", "apple-touch-icon"}


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css, self.js, self.external, self.images, self.sources = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or ""):
            self.css.append(attributes["href"])
        if tag == "script" and attributes.get("src"):
            self.js.append(attributes["src"])
        if tag == "img":
            self.images.append(attributes)
        if tag == "source" and attributes.get("srcset"):
            self.sources.append(attributes)
        if tag == "a" or (tag == "link" and not FETCHED_LINKS & set((attributes.get("rel") or "").split())):
            return  # a link to follow, or metadata such as rel=canonical: not a request
        for name in ("src", "href", "srcset", "poster", "data"):
            value = attributes.get(name) or ""
            for candidate in re.split(r",\s*", value):
                url = candidate.split(" ")[0]
                if urlparse(url).netloc:
                    self.external.append((tag, url))


def fetch(url: str) -> tuple[bytes, int]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        sent = len(body) if response.headers.get("Content-Encoding") else len(gzip.compress(body, 6))
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body, sent


def phone_cover(sources: list[dict], width: int = 360) -> str | None:
    """The AVIF candidate a ``width`` px screen (DPR 1) downloads from the first picture."""
    for source in sources:
        if source.get("type") != "image/avif":
            continue
        candidates = []
        for candidate in source["srcset"].split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            candidates.append((int(descriptor.strip().rstrip("w") or 0), url))
        wide_enough = sorted(c for c in candidates if c[0] >= width) or sorted(candidates, reverse=True)
        return wide_enough[0][1]
    return None


def test_article_page_weight_and_hosts(e2e_server):
    url = e2e_server.url("article")
    html, html_size = fetch(url)
    assets = Assets()
    assets.feed(html.decode("utf-8"))
    sizes = {"html": html_size}
    for path in assets.css + assets.js:
        assert not urlparse(path).netloc or path.startswith(e2e_server.base_url)
        sizes[path] = fetch(urljoin(url, path))[1]
    cover = phone_cover(assets.sources)
    assert cover, f"the demo article has a cover image in AVIF: {assets.sources}"
    sizes[cover] = fetch(urljoin(url, cover))[1]
    total = sum(sizes.values())
    assert assets.css, "the page links its stylesheet"
    assert total <= BUDGET, f"{total} bytes compressed > {BUDGET}: {sizes}"
    assert assets.external == [], f"requests to another host: {assets.external}"
    for image in assets.images:
        if image.get("src", "").startswith("data:"):
            continue
        assert image.get("loading") == "lazy" or image.get("fetchpriority") == "high", image
        assert image.get("width") and image.get("height"), f"image without dimensions (layout shift): {image}"


def test_html_is_compressed_on_the_wire(e2e_server):
    request = urllib.request.Request(e2e_server.url("article"), headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 360, 1280])
@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_article_weight_as_the_browser_downloads_it(new_page, e2e_server, mode, width):
    """What chromium itself downloads for the article page (bytes on the wire, the cover
    the width and ``sizes`` pick), at every width in both modes: within the budget."""
    page = new_page(mode=mode, width=width, height=640 if width < 1000 else 800)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(e2e_server.url("article"), wait_until="networkidle")
    sizes = {request.url: request.sizes()["responseBodySize"] for request in finished}
    assert any("/images/" in url for url in sizes), f"the cover image was not downloaded: {list(sizes)}"
    total = sum(sizes.values())
    assert total <= BUDGET, f"article ({mode}, {width} px): {total} bytes on the wire > {BUDGET}: {sizes}"
    assert page.foreign_requests == [], page.foreign_requests
