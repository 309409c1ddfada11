"""What every render needs and seldom changes, kept in each process for as long as the
page cache's scopes stay where they were.

The site, its settings (the crisis strip, the header and footer), the main navigation,
the home page's tiles and the list of private sections are the same on every page until
an editor changes them. Rendering them asked the database on every request. Here each is
remembered per process under a key holding the current generation of the scopes it
depends on (anxin/cache/pages.py): a publish, a snippet save or a settings save bumps
the generation, and the next request in any process builds the value anew — exactly
when the page cache would re-render the page.

The generations are read once per request: the page cache middleware opens the memo for
each request and hands over the numbers it has just read; with the page cache off they
are read on first use (one cache round trip). Outside a request (commands, the shell) nothing is remembered. Tests
run without it (``ANXIN_RENDER_MEMO = False``): they change rows inside a transaction
that never commits, so no generation moves.

Values are shared between the threads of a process: hand out copies of model instances
(``copy.copy``), never something a request may change.
"""

from __future__ import annotations

import contextvars
import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from . import pages

MAX_ENTRIES = 2048

_store: OrderedDict[tuple, Any] = OrderedDict()
_lock = threading.Lock()
_current: contextvars.ContextVar[dict | None] = contextvars.ContextVar("anxin_render_memo", default=None)


def enabled() -> bool:
    return getattr(settings, "ANXIN_RENDER_MEMO", True)


def begin(known: dict[str, int] | None = None) -> contextvars.Token | None:
    """A request starts (``known``: the scopes' generations if already read)."""
    if not enabled():
        return None
    return _current.set({"generations": known})


def know(generations: dict[str, int]) -> None:
    """The page cache middleware read the generations: no second round trip."""
    state = _current.get()
    if state is not None and state["generations"] is None:
        state["generations"] = generations


def end(token: contextvars.Token | None) -> None:
    if token is not None:
        _current.reset(token)


def active() -> bool:
    return _current.get() is not None


def _generations() -> dict[str, int]:
    state = _current.get()
    if state["generations"] is None:
        state["generations"] = pages.current_generations()
    return state["generations"]


def remember(key: tuple, scopes: Iterable[str], build: Callable[[], Any]) -> Any:
    """``build()``, or what it returned last time in this process while ``scopes`` (and
    ``site``) kept their generations. Outside a request: ``build()``."""
    if _current.get() is None:
        return build()
    generations = _generations()
    full_key = (*key, *(generations.get(scope, 0) for scope in sorted({pages.SITE, *scopes})))
    with _lock:
        if full_key in _store:
            _store.move_to_end(full_key)
            return _store[full_key]
    value = build()
    with _lock:
        _store[full_key] = value
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)
    return value


def remember_list(key: tuple, scopes: Iterable[str], build: Callable[[], Iterable]) -> list:
    """``remember`` for a list of model instances: each request gets its own copies."""
    return [copy.copy(item) for item in remember(key, scopes, lambda: list(build()))]


def clear() -> None:
    with _lock:
        _store.clear()
