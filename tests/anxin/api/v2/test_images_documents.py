"""/api/v2/images/ and /api/v2/documents/: renditions with absolute URLs, and nothing
from a collection the public may not see."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests import factories

from .conftest import get_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_collection(db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="内部资料")
    inner = private.add_child(name="内部资料子目录")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="password", password="pw")
    return inner


def make_document(title, collection=None):
    document = get_document_model()(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(f"{factories.unique('doc')}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    return document


def test_images_have_absolute_renditions(client, site_root):
    image = factories.make_image("封面")
    data = get_json(client, "/api/v2/images/")
    item = next(i for i in data["items"] if i["id"] == image.pk)
    assert item["width"] == 1600
    renditions = item["renditions"]["renditions"]
    assert set(renditions) == {"fill-750x420", "width-750", "width-360"}
    assert renditions["fill-750x420"]["url"].startswith("http://localhost/media/")
    assert (renditions["fill-750x420"]["width"], renditions["fill-750x420"]["height"]) == (750, 420)
    detail = get_json(client, f"/api/v2/images/{image.pk}/")
    assert detail["renditions"]["renditions"]["width-360"]["width"] == 360


def test_images_in_private_collections_never_appear(client, site_root, private_collection):
    hidden = factories.make_image("内部图片")
    hidden.collection = private_collection
    hidden.save()
    shown = factories.make_image("公开图片")
    ids = [item["id"] for item in get_json(client, "/api/v2/images/")["items"]]
    assert shown.pk in ids and hidden.pk not in ids
    get_json(client, f"/api/v2/images/{hidden.pk}/", status=404)


def test_documents_listed_only_from_public_collections(client, site_root, private_collection):
    handbook = make_document("心理健康口袋书")
    hidden = make_document("内部手册", private_collection)
    data = get_json(client, "/api/v2/documents/")
    assert [item["title"] for item in data["items"]] == ["心理健康口袋书"]
    assert data["items"][0]["meta"]["download_url"].startswith("http://localhost/documents/")
    get_json(client, f"/api/v2/documents/{handbook.pk}/")
    get_json(client, f"/api/v2/documents/{hidden.pk}/", status=404)


def test_private_document_in_an_article_body_is_not_linked(client, articles_index, private_collection):
    hidden = make_document("内部手册", private_collection)
    shown = make_document("公开手册")
    article = factories.make_article(
        articles_index,
        body=[
            ("paragraph", "<p>下载资料。</p>"),
            ("document", {"document": hidden, "title": "内部手册", "kind": "handbook", "description": ""}),
            ("document", {"document": shown, "title": "公开手册", "kind": "handbook", "description": ""}),
        ],
    )
    data = get_json(client, f"/api/v2/pages/{article.pk}/")
    assert data["body"][1]["value"]["document"] is None
    assert data["body"][2]["value"]["document"]["url"].startswith("http://localhost/documents/")
    assert "内部手册" not in data["body_html"]


def test_cover_from_a_private_collection_is_not_shown(client, articles_index, private_collection):
    hidden = factories.make_image("内部图片")
    hidden.collection = private_collection
    hidden.save()
    article = factories.make_article(
        articles_index,
        cover_image=hidden,
        body=[("paragraph", "<p>正文。</p>"), ("image", {"image": hidden, "alt_text": "图", "caption": ""})],
    )
    data = get_json(client, f"/api/v2/pages/{article.pk}/")
    assert data["cover"] is None
    assert data["body"][1]["value"]["image"] is None
    assert "<img" not in data["body_html"]
