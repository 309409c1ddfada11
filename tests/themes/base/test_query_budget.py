"""Issue 17 point 8: every public page renders in at most 10 queries with the anonymous
page cache off, however many articles, events or directory entries the site holds.

The site is demo-like (tests/factories.py): a home page with audience pages, articles
with and without a cover, events in the coming month, directory entries with phones,
the crisis strip and the main navigation. Each page is rendered twice first (the first
reader after a change fills the render memo, anxin/cache/memo.py), then counted. New
content is saved with its on-commit callbacks run, so the scopes' generations move as
they do on a live site.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anxin.cache import memo
from content.events.models import EventIndexPage
from content.home.models import AudiencePage
from tests import factories
from tests.content.events.conftest import make_event

pytestmark = pytest.mark.django_db

BUDGET = 10
MORE = 30


class DemoLikeSite:
    def __init__(self):
        self.home = factories.make_home_page()
        self.elders = factories.make_audience("老年人", "elders")
        self.home.add_child(instance=AudiencePage(title="写给老年人", slug="for-elders", audience=self.elders))
        self.articles = factories.make_article_index(self.home, slug="kepu", show_in_menus=True)
        self.events = EventIndexPage(title="活动", slug="huodong", show_in_menus=True)
        self.home.add_child(instance=self.events)
        self.events.save_revision().publish()
        self.area = factories.make_area("310114102001", "南翔村")
        self.organizer = factories.make_organization("南翔镇社区卫生服务中心")
        self.cover = factories.make_image()
        self.article = self.entry = self.event = None
        self.add(3)

    def add(self, count: int) -> None:
        start = timezone.now() + datetime.timedelta(days=3)
        for number in range(count):
            article = factories.make_article(
                self.articles,
                title=f"睡不着觉怎么办（{number}）",
                audiences=[self.elders],
                cover_image=self.cover if number % 2 == 0 else None,
            )
            event = make_event(
                self.events,
                self.organizer,
                self.area,
                start=start + datetime.timedelta(hours=number),
                audiences=[self.elders],
            )
            entry = factories.make_service_point(f"心理咨询室{number}")
            entry.audiences.add(self.elders)
            self.article = self.article or article
            self.event = self.event or event
            self.entry = self.entry or entry

    def urls(self) -> dict[str, str]:
        month = timezone.localdate(self.event.start).strftime("%Y-%m")
        return {
            "home": "/",
            "article": self.article.url,
            "directory list": "/fuwu/",
            "directory entry": f"/fuwu/{self.entry.pk}/",
            "event": self.event.url,
            "month": f"{self.events.url}month/{month}/",
            "audience": "/for-elders/",
        }


def count_queries(client, url: str) -> tuple[int, list[str]]:
    for _ in range(2):  # the first reader after a change fills the shared fragments
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), [query["sql"][:160] for query in captured]


@pytest.fixture
def site(settings, django_capture_on_commit_callbacks):
    settings.ANXIN_PAGE_CACHE_SECONDS = 0  # every request renders, as right after a publish
    settings.ANXIN_RENDER_MEMO = True
    memo.clear()
    with django_capture_on_commit_callbacks(execute=True):
        built = DemoLikeSite()
    built.commit = django_capture_on_commit_callbacks
    yield built
    memo.clear()


PAGES = ("home", "article", "directory list", "directory entry", "event", "month", "audience")


def test_every_page_renders_in_ten_queries_whatever_the_amount_of_content(client, site):
    """One site for all seven pages (building it is the slow part): counts with 3 of
    each kind of content, then with 30 more."""
    before = {page: count_queries(client, url) for page, url in site.urls().items()}
    with site.commit(execute=True):
        site.add(MORE)
    after = {page: count_queries(client, url) for page, url in site.urls().items()}
    summary = {page: (before[page][0], after[page][0]) for page in PAGES}
    over = {page: "\n".join(after[page][1]) for page, (_, n) in summary.items() if n > BUDGET}
    assert not over, f"queries (3 of each, +{MORE}): {summary}\n" + "\n\n".join(f"{p}:\n{q}" for p, q in over.items())
    grew = {page: counts for page, counts in summary.items() if counts[1] > counts[0]}
    assert not grew, f"grows with the content: {grew}"
