"""The cache Wagtail keeps image renditions in (the ``renditions`` alias).

Wagtail reads a page's renditions from the cache and then writes every one it read
back again, because only prefetched renditions carry its ``_from_cache`` mark
(``AbstractImage.get_renditions``). On the shared SQLite file that is a write, and a
write lock, on every render of every page with a picture. These backends mark what
they return, and do not store again what carries the mark, so Wagtail writes only
renditions it had to look up in the database.
"""

from __future__ import annotations

import contextlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from .sqlite import SQLiteCache


def _mark(value):
    with contextlib.suppress(AttributeError):  # a value that is not a rendition
        value._from_cache = True
    return value


class MarkReadMixin:
    def get(self, key, default=None, version=None):
        sentinel = object()
        value = super().get(key, sentinel, version=version)
        return default if value is sentinel else _mark(value)

    def get_many(self, keys, version=None):
        return {key: _mark(value) for key, value in super().get_many(keys, version=version).items()}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # get_rendition() writes back even what it has just read from here
        if getattr(value, "_from_cache", False):
            return
        super().set(key, value, timeout=timeout, version=version)


class SQLiteRenditionCache(MarkReadMixin, SQLiteCache):
    pass


class RedisRenditionCache(MarkReadMixin, RedisCache):
    pass
