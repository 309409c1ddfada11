"""Named generation numbers: "has X changed since I last looked?" for every process.

A generation is a number kept in Django's default cache under ``anxin:generation:NAME``.
Whoever changes X calls ``bump("X")``; whoever caches something derived from X stores
the generation it read with it (or puts it in the cache key) and treats the copy as
stale once the number differs. With the SQLite-file cache (one machine) or Redis
(several machines) every process and every ``manage.py`` command reads and bumps the
same number, so a change reaches every worker on its next request.

The value of a generation is the time of the last bump in nanoseconds: it never
repeats a value used before a cache restart, and ``age_seconds`` tells how long ago the
change happened (the page cache serves a stale copy only for a moment after a change).

Used by: the anonymous page cache (one generation per scope, themes/base/cache.py), the
directory's cached HSDS counts, and the editor-extended search dictionaries.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from django.core.cache import cache

logger = logging.getLogger(__name__)

PREFIX = "anxin:generation:"


def key(name: str) -> str:
    return PREFIX + name


def get_many(names: Iterable[str]) -> dict[str, int]:
    """The current generation of each name (one cache round trip; missing ones are created)."""
    names = list(names)
    found = {name[len(PREFIX) :]: value for name, value in cache.get_many([key(n) for n in names]).items()}
    for name in names:
        if name not in found:
            found[name] = _create(name)
    return found


def get(name: str) -> int:
    value = cache.get(key(name))
    return _create(name) if value is None else value


def bump(*names: str) -> None:
    """Mark each name as changed now (every process sees it on its next read)."""
    now = time.time_ns()
    try:
        cache.set_many({key(n): now for n in names}, None)
    except Exception:  # the cache is down: nothing cached can be served either
        logger.exception("could not bump generations %s", names)


def age_seconds(generation: int) -> float:
    """Seconds since the bump that produced ``generation``."""
    return max(0.0, (time.time_ns() - generation) / 1e9)


def _create(name: str) -> int:
    value = time.time_ns()
    if not cache.add(key(name), value, None):
        value = cache.get(key(name), value)
    return value
