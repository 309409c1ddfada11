"""Pinyin slugs and autosaved drafts (issue 13, point 3), through the real admin URLs.

A Chinese title gives an ASCII address; a second page with the same title (an
abandoned autosaved draft, or a real namesake) gets ``-2`` instead of a refusal, and
an address that is taken is refused in Chinese.
"""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from content.articles.models import ArticlePage
from content.reference.slugs import pinyin_slug
from tests import factories
from tests.content.articles.test_admin import add_url, article_form

pytestmark = pytest.mark.django_db

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}  # how Wagtail's autosave posts the form


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("冬季抑郁", "dongji-yiyu"),
        ("孩子不愿上学怎么办", "haizi-buyuan-shangxue-zenmeban"),
        ("PHQ-9 自评：抑郁", "phq-9-ziping-yiyu"),
        ("睡不著？七个建议", "shuibuzhu-qige-jianyi"),
    ],
)
def test_a_chinese_title_gives_a_pinyin_slug(title, slug):
    assert pinyin_slug(title) == slug


def test_a_long_title_is_cut_at_a_word_within_sixty_characters():
    slug = pinyin_slug("老年人孤独感与抑郁情绪的社区心理健康服务和家庭支持的十个常见问题与回答")
    assert 40 < len(slug) <= 60 and slug.isascii() and not slug.endswith("-")


@pytest.fixture
def editor(db):
    return factories.make_user("slug-editor", "编辑")


def _create(client, index, audiences, title, slug, **extra):
    data = article_form(audiences, title=title)
    data["slug"] = slug
    return client.post(add_url(index), data, **extra)


def test_the_editor_gets_a_pinyin_slug_and_a_namesake_gets_the_next_one(client, article_index, editor, elders):
    client.force_login(editor)
    # what Wagtail's slug field fills in from the title: the Chinese characters
    assert _create(client, article_index, [elders], "冬季抑郁", "冬季抑郁").status_code == 302
    assert _create(client, article_index, [elders], "冬季抑郁", "").status_code == 302
    slugs = sorted(ArticlePage.objects.child_of(article_index).values_list("slug", flat=True))
    assert slugs == ["dongji-yiyu", "dongji-yiyu-2"]
    page = ArticlePage.objects.get(slug="dongji-yiyu")
    assert page.url_path.endswith("/dongji-yiyu/")
    assert "dongji-yiyu" in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()


def test_a_half_written_new_page_leaves_no_draft_behind(client, article_index, editor, elders):
    """Autosave starts once a page exists: the create form has no autosave, and a post
    made as the autosave script makes it (JSON) is refused in Chinese, creating nothing.
    So the editor who leaves and starts again gets the title's own address, not ``-2``."""
    client.force_login(editor)
    create_form = client.get(add_url(article_index)).content.decode()
    assert 'id="page-edit-form"' in create_form and "data-w-autosave-interval-value" not in create_form
    half = article_form([elders], title="冬季抑郁")
    half.update({"slug": "冬季抑郁", "summary": "", "topics": ""})  # no summary yet
    with translation.override("zh-hans"):
        response = client.post(add_url(article_index), half, **AUTOSAVE)
    assert response.status_code == 400
    assert "第一次保存" in json.loads(response.content)["error_message"]
    assert not ArticlePage.objects.exists()
    # the editor leaves and starts again with the same title: its own address
    assert _create(client, article_index, [elders], "冬季抑郁", "冬季抑郁").status_code == 302
    page = ArticlePage.objects.get(title="冬季抑郁")
    assert page.slug == "dongji-yiyu"
    # once saved, the page's edit form autosaves
    assert "data-w-autosave-interval-value" in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()


def test_a_taken_address_typed_by_hand_is_refused_in_chinese(client, article_index, editor, elders):
    client.force_login(editor)
    assert _create(client, article_index, [elders], "冬季抑郁", "winter-blues").status_code == 302
    with translation.override("zh-hans"):
        response = _create(client, article_index, [elders], "冬季的情绪", "winter-blues")
    body = response.content.decode()
    assert response.status_code == 200
    assert "别名“winter-blues”已被父页面下的其他页面使用。" in body
    assert "存在验证错误，无法创建页面。" in body
    assert "already in use" not in body and "could not be created" not in body
    assert ArticlePage.objects.count() == 1


def test_a_published_page_keeps_its_address(article_index):
    page = factories.make_article(article_index, title="冬季抑郁", slug="冬季抑郁-旧地址")
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.first_published_at and page.slug == "dongji-yiyu"  # set when first saved, before publishing
    page.slug = "冬季抑郁"
    page.save()
    assert ArticlePage.objects.get(pk=page.pk).slug == "冬季抑郁"  # published: never rewritten


def test_the_admin_pinyin_endpoint_answers_editors_only(client, editor):
    url = "/admin/slug/pinyin/"
    assert client.get(url, {"title": "冬季抑郁"}).status_code == 302  # to the login page
    client.force_login(editor)
    assert json.loads(client.get(url, {"title": "冬季抑郁"}).content) == {"slug": "dongji-yiyu"}
    assert json.loads(client.get(url).content) == {"slug": ""}
    create_form = client.get(add_url(factories.make_article_index())).content.decode()
    assert "reference/pinyin-slug" in create_form and 'data-url="/admin/slug/pinyin/"' in create_form
