"""Exact totals for the HSDS API without counting the whole directory on every request.

``total_items`` of an HSDS list is an exact count. At 500,000 entries a COUNT reads
every public row (SQLite does not count through a partial index), so each count is
kept in the cache under the directory's *generation*, a number that every change to
an entry bumps: saving, publishing, unpublishing, deleting, an import or a bulk
action. The first request after a change counts; every other one reads the cache.
With several server processes the cache must be shared (REDIS_URL), as for the page
cache.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

GENERATION_KEY = "anxin:directory:generation"
COUNT_TIMEOUT = 3600


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh value that cannot collide with one used before a cache restart.
        value = time.time_ns()
        if not cache.add(GENERATION_KEY, value, None):
            value = cache.get(GENERATION_KEY, value)
    return value


def directory_changed(**_ignored) -> None:
    """Every cached count is stale (a signal receiver as well)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, time.time_ns(), None)


def cached_count(queryset, *key_parts: str) -> int:
    """``queryset``'s row count, cached until the directory next changes.

    ``key_parts`` must identify the queryset (the endpoint and its filter values).
    """
    digest = hashlib.sha256("\x1f".join(key_parts).encode()).hexdigest()[:32]
    key = f"anxin:directory:count:{generation()}:{digest}"
    total = cache.get(key)
    if total is None:
        total = queryset.order_by().values("pk").count()
        cache.set(key, total, COUNT_TIMEOUT)
    return total
