"""Is the search index usable? For the readers' error path, the system check and the
admin banner.

* :func:`report_unavailable` logs a search outage once per process and reason (not
  once per request) with the rebuild command; :func:`reset` forgets it (tests, and a
  search that works again).
* :func:`problems` describes what is wrong with the embedded index files the
  configured engine uses (the embedded engine itself, or Elasticsearch's fallback):
  damaged, unreadable, or (while the database has public content) missing or holding
  no documents (never rebuilt, or emptied). A new site with nothing public and no
  index yet is not a problem. Each problem carries the command that repairs it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from itertools import islice

from .engines.base import EngineUnavailable, IndexUnavailable

logger = logging.getLogger("search")

REBUILD_COMMAND = "python manage.py search_reindex"

_reported: set[str] = set()
_lock = threading.Lock()
_cache: tuple[float, list] | None = None
#: how long the admin banner reuses one look at the index files (seconds)
STATUS_TTL = 60.0


@dataclass(frozen=True)
class Problem:
    id: str  # search.W003 (missing, damaged, unreadable) or search.W004 (no documents)
    state: str
    path: str
    message: str

    @property
    def hint(self) -> str:
        return f"Run `{REBUILD_COMMAND}` (`--engine embedded` rebuilds only this file)."


def report_unavailable(exc: EngineUnavailable) -> None:
    """Log that searches cannot be answered: an error once per process and reason."""
    reason = getattr(exc, "reason", "unreachable")
    with _lock:
        if reason in _reported:
            return
        _reported.add(reason)
    if isinstance(exc, IndexUnavailable):
        logger.error(
            "search: the search index is %s (%s); readers are told 搜索暂时不可用 until it is rebuilt with `%s`",
            exc.reason,
            exc.detail,
            REBUILD_COMMAND,
        )
    else:
        logger.error("search: no engine can answer (%s); readers are told 搜索暂时不可用", exc)


def reset() -> None:
    """Forget what was logged and the cached status (a later failure is logged again)."""
    global _cache
    with _lock:
        _reported.clear()
        _cache = None


def recovered() -> None:
    if _reported:
        reset()


def embedded_engines() -> list:
    from .engines.embedded import EmbeddedEngine
    from .engines.loading import get_engine

    return [engine for engine in get_engine().writers() if isinstance(engine, EmbeddedEngine)]


def database_has_public_content() -> bool:
    """True when a registered provider yields at least one document."""
    from .registry import providers

    for provider in providers().values():
        try:
            if next(islice(iter(provider()), 1), None) is not None:
                return True
        except Exception:  # an unmigrated database: nothing to compare with
            logger.debug("search: provider failed while checking the index", exc_info=True)
    return False


def problems() -> list[Problem]:
    """What is wrong with the embedded index files in use (empty list: nothing)."""
    out: list[Problem] = []
    content: bool | None = None
    for engine in embedded_engines():
        status = engine.status()
        if status.state == "missing":
            # a new site (nothing public yet) has no index until its first save or rebuild
            if content is None:
                content = database_has_public_content()
            if not content:
                continue
        if status.state in ("missing", "damaged", "unreadable"):
            what = {"missing": "is missing", "damaged": "is damaged", "unreadable": "cannot be read"}[status.state]
            detail = f" ({status.detail})" if status.detail else ""
            out.append(
                Problem(
                    "search.W003",
                    status.state,
                    status.path,
                    f"The search index {status.path} {what}{detail}: searches answer 搜索暂时不可用.",
                )
            )
            continue
        if status.count == 0 or status.state == "never_built":
            if content is None:
                content = database_has_public_content()
            if not content:
                continue
            if status.state == "never_built":
                message = (
                    f"The search index {status.path} was never rebuilt (it holds {status.count} "
                    "document(s) written by saves since it was created) while the database has "
                    "public content: searches miss everything else."
                )
            else:
                message = (
                    f"The search index {status.path} holds no documents (last rebuilt {status.built_at} "
                    f"with {status.built_count}) while the database has public content: "
                    "searches find nothing."
                )
            out.append(Problem("search.W004", status.state, status.path, message))
    return out


def cached_problems() -> list[Problem]:
    """:func:`problems`, looked at most once a minute per process (the admin banner)."""
    global _cache
    now = time.monotonic()
    cached = _cache
    if cached is not None and now - cached[0] < STATUS_TTL:
        return cached[1]
    try:
        found = problems()
    except Exception:
        logger.exception("search: could not look at the search index")
        found = []
    _cache = (now, found)
    return found
