"""RSS feeds of new articles: all of an index, or one audience's."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

FEED_LENGTH = 30


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
            return f"{self.index_page.title} · {self.audience.name}"
        return self.index_page.title

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.intro or self.index_page.title

    def items(self):
        articles = self.index_page.articles()
        if self.audience:
            articles = articles.filter(audiences=self.audience)
        return articles[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [audience.name for audience in item.audiences.all()]
