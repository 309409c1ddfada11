"""The reader's address as far as rate limits need it (never stored or logged).

Behind the TLS proxy docs/operations.md describes, every request comes from the proxy's
address, so ``REMOTE_ADDR`` alone would make one limit for the whole district. When the
request comes from a trusted proxy (``TRUSTED_PROXIES``, default the loopback addresses:
nginx on the same machine), the address is the rightmost ``X-Forwarded-For`` entry the
proxy appended (nginx: ``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for``);
entries further left are whatever the client sent and are ignored. IPv6 clients are
grouped by /64 (one household or phone usually holds a whole /64).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "TRUSTED_PROXIES", ["127.0.0.1", "::1"])
    address = remote
    if remote in trusted:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            address = forwarded[-1]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return remote
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address) + "/64"
    return str(parsed)
