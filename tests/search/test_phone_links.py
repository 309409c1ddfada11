"""Search dials what the directory says (issue 15 point 5): one phone value object in
content/reference makes the display form and the ``tel:`` link; documents carry the link
and search shows it as it is. Before, search rebuilt the link from the digits
(``tel:02139590800123`` for ``021-39590800 转 123``: the extension glued to the number)
and an entry saved outside a transaction was indexed before its phones were written.
"""

from __future__ import annotations

import pytest

from content.reference.phones import Phone
from search import index as search_index
from tests import factories

EXTENSION = "021-39590800 转 123"


def test_the_phone_value_object_gives_both_forms():
    phone = Phone("021 3959 0800 转 123", "预约")
    assert (phone.display, phone.href) == ("021-39590800 转 123", "tel:02139590800,123")
    assert Phone("4001619995").as_dict() == {"number": "400-161-9995", "label": "", "href": "tel:4001619995"}


@pytest.mark.django_db(transaction=True)  # saved outside any transaction, as a script or shell would
def test_an_entry_saved_outside_a_transaction_is_found_with_its_phones_and_extension(search_settings, client):
    service = factories.make_service_point("安亭镇心理咨询室", phone=EXTENSION)

    hits = search_index.search("安亭镇心理咨询室").hits
    assert [hit.id for hit in hits] == [f"service:{service.pk}"]
    assert hits[0].phones == [{"number": EXTENSION, "label": "预约电话", "href": "tel:02139590800,123"}]

    api = client.get("/api/v1/search", {"q": "安亭镇心理咨询室"}).json()
    (phone,) = api["results"][0]["phones"]
    assert phone["href"] == "tel:02139590800,123"
    assert phone["tel"] == "02139590800,123"

    page = client.get("/search/", {"q": "安亭镇心理咨询室"}).content.decode()
    assert 'href="tel:02139590800,123"' in page
