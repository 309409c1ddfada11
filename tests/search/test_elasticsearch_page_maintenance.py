"""The page tree's changes reach Elasticsearch too (issue 15 point 5 acceptance): a slug
change of the section and a move send the articles' new URLs in the bulk request body.
The same flow runs against a live cluster in test_page_maintenance.py's engines when
ELASTICSEARCH_URL is set; here through the request bodies, always."""

from __future__ import annotations

import pytest

from search import index as search_index
from tests import factories

from .test_elasticsearch_unit import FakeNode, fake_es  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def es_only(fake_es, monkeypatch):  # noqa: F811
    FakeNode.aliases = {"t-search": ["t-search-1"]}
    monkeypatch.setattr(search_index, "write_engines", lambda: [fake_es])
    return fake_es


def sent_urls() -> dict[str, str]:
    """{document id: display URL} of every document indexed through the alias, last write wins."""
    urls = {}
    for _method, path, body in FakeNode.calls:
        if not path.endswith("/_bulk"):
            continue
        for action, source in zip(body[::2], body[1::2], strict=False):
            if "index" in action:
                urls[action["index"]["_id"]] = source["display"]["url"]
    return urls


def test_renaming_the_section_and_moving_an_article_send_the_new_urls(
    es_only, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = factories.make_article_index(home_page, slug="kepu")
        second = factories.make_article_index(home_page, slug="laoren")
        article = factories.make_article(first, title="冬季情绪低落怎么办", slug="dongji")
    doc_id = f"article:{article.pk}"
    assert sent_urls()[doc_id] == "/kepu/dongji/"

    FakeNode.calls = []
    with django_capture_on_commit_callbacks(execute=True):
        first.slug = "articles"
        first.save_revision().publish()
    assert sent_urls() == {doc_id: "/articles/dongji/"}

    FakeNode.calls = []
    with django_capture_on_commit_callbacks(execute=True):
        article.move(second, pos="last-child")
    assert sent_urls() == {doc_id: "/laoren/dongji/"}
