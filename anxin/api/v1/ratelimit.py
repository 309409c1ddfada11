"""A per-client request allowance per minute, counted in the shared Django cache.

The default cache is shared by every gunicorn worker (the SQLite file cache, or Redis:
anxin/cache, settings ``CACHES``), and the count is an atomic add/incr, so the limit
holds across workers. The client is the address anxin/client.py finds (it trusts only
the configured proxies' ``X-Forwarded-For``); the cache key holds a salted hash of it,
never the address itself, and nothing is logged.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

from anxin.client import client_address

WINDOW_SECONDS = 60


def _key(request, scope: str, window: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    return f"api:rate:{scope}:{digest}:{window}"


def take(request, scope: str, per_minute: int) -> int | None:
    """Count one request; None while within ``per_minute`` (0 or less: no limit), else
    the seconds until the client's allowance starts again (for ``Retry-After``)."""
    if per_minute <= 0:
        return None
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = _key(request, scope, window)
    count = None
    for _attempt in range(3):
        if cache.add(key, 1, WINDOW_SECONDS + 5):
            count = 1
            break
        try:
            count = cache.incr(key)
            break
        except ValueError:  # expired between add and incr: try again
            continue
    if count is not None and count <= per_minute:
        return None
    return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
