"""Rate limits key on the reader, not on the proxy in front of the site."""

import pytest
from django.test import RequestFactory

from anxin.client import client_address


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", "", "203.0.113.7"),  # no proxy
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),  # untrusted sender: its header is ignored
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),  # nginx on the machine: the reader
        ("127.0.0.1", "10.9.9.9, 198.51.100.1", "198.51.100.1"),  # a forged left part is ignored
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),  # IPv6 by /64
        ("::ffff:198.51.100.9", "", "198.51.100.9"),
    ],
)
def test_client_address(remote, forwarded, expected, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db
def test_readers_behind_one_proxy_have_their_own_report_limits(client, settings):
    """Before, 5 reports from anyone behind the proxy blocked everyone for an hour."""
    from django.core.cache import cache

    from content.directory.models import ServicePoint
    from content.directory.views import REPORTS_PER_HOUR

    cache.clear()
    point = ServicePoint.objects.create(name="测试咨询室", kind="consultation_room", status="active", live=True)
    url = f"/fuwu/{point.pk}/jiucuo/"
    for _ in range(REPORTS_PER_HOUR):
        assert (
            client.post(
                url, {"problem": "phone"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1"
            ).status_code
            == 302
        )
    assert (
        client.post(url, {"problem": "phone"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
        == 429
    )
    assert (
        client.post(url, {"problem": "phone"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code
        == 302
    )
    cache.clear()
