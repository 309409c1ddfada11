"""Exact totals for the HSDS API without counting the whole directory on every request.

``total_items`` of an HSDS list is an exact count. At 500,000 entries a COUNT reads
every public row (SQLite does not count through a partial index), so each count is
kept in the cache under the directory's *generation* (the page cache's ``directory``
scope, anxin/cache/pages.py), a number that every change to an entry bumps: saving,
publishing, unpublishing, deleting, an import or a bulk action. The first request after
a change counts; every other one reads the cache. The cache is shared by every process
(a SQLite file on one machine, Redis across machines).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from anxin.cache import generations
from anxin.cache import pages as page_cache

SCOPE = "directory"
COUNT_TIMEOUT = 3600


def generation() -> int:
    return generations.get(page_cache.generation_name(SCOPE))


def directory_changed(**_ignored) -> None:
    """Every cached count and every cached directory page is stale (a signal receiver too).

    Inside a transaction this waits for the commit (a bump before it would let another
    process count or render the old rows under the new generation); outside, it is now."""
    page_cache.changed_on_commit(SCOPE)


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
