"""The "related services" block shows directory entries, never defunct ones."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_related_services_block_links_public_entries_only(client, article_index, elders):
    open_room = factories.make_service_point("南翔镇心理咨询室")
    closed = factories.make_service_point("已撤销的谈心室", status="defunct")
    body = [
        ("paragraph", "<p>身边就有心理服务。</p>"),
        ("related_services", {"title": "身边的心理服务", "services": [open_room, closed]}),
    ]
    page = factories.make_article(article_index, audiences=[elders], body=body)
    html = client.get(page.url).content.decode()
    assert "南翔镇心理咨询室" in html
    assert f'href="{open_room.get_absolute_url()}"' in html
    assert 'href="tel:02139590800"' in html
    assert "已撤销的谈心室" not in html
