"""RSS feeds of new articles: all of an index, or one audience's.

What editors type is plain text, and readers differ in what they make of RSS: the
``description`` element is HTML (escaped once more by the XML), so the summary is
HTML-escaped before it goes in — a reader shows ``<script>`` as those characters. Readers
disagree whether a ``title`` is text or HTML, so titles (and category names) carry no
markup characters at all: ``<`` and ``>`` become their full-width forms, which read the
same either way.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape

FEED_LENGTH = 30
_MARKUP = str.maketrans({"<": "＜", ">": "＞"})


def plain_title(text: str) -> str:
    return str(text or "").translate(_MARKUP)


def html_of_text(text: str) -> str:
    """Plain text as the HTML a description holds (line breaks kept)."""
    return escape(str(text or "")).replace("\n", "<br>")


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page, audience=None):
        super().__init__()
        self.index_page = index_page
        self.audience = audience

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.audience:
            return plain_title(f"{self.index_page.title} · {self.audience.name}")
        return plain_title(self.index_page.title)

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return html_of_text(self.index_page.intro or self.index_page.title)

    def items(self):
        articles = self.index_page.articles()
        if self.audience:
            articles = articles.filter(audiences=self.audience)
        return articles[:FEED_LENGTH]

    def item_title(self, item):
        return plain_title(item.title)

    def item_description(self, item):
        return html_of_text(item.summary)

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [plain_title(audience.name) for audience in item.audiences.all()]
