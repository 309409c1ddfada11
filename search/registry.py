"""Content apps register document providers here (in their AppConfig.ready).

A provider is a callable returning an iterable of SearchDocument for everything
of its kind that should be public. ``search_reindex`` walks every registered
provider, so the search layer never lists content models by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .documents import SearchDocument

Provider = Callable[[], Iterable[SearchDocument]]

_providers: dict[str, Provider] = {}


def register_provider(kind: str, provider: Provider) -> None:
    _providers[kind] = provider


def providers() -> dict[str, Provider]:
    return dict(_providers)
