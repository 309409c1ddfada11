"""Which engine answers: chosen in settings by alias or dotted path.

``SEARCH_ENGINE`` names the engine class, like Wagtail's ``WAGTAILSEARCH_BACKENDS``:
a dotted path (``"search.engines.postgres.PostgresEngine"``, or a project's own
:class:`~search.engines.base.Engine` subclass) or one of the aliases below, which keep
existing deployments' ``SEARCH_ENGINE=embedded|elasticsearch`` working. ``"auto"``
picks Elasticsearch when ``ELASTICSEARCH_URL`` is set, else PostgreSQL when the
default database is PostgreSQL, else the embedded file.

An engine class whose ``fallback`` is set (Elasticsearch: the embedded engine) is
wrapped in one :class:`~search.engines.base.FallbackEngine`; ``SEARCH_FALLBACK_ENGINE``
(alias or dotted path, or "" for none) overrides it.
"""

from __future__ import annotations

import contextlib
import threading

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Engine, FallbackEngine

ALIASES = {
    "embedded": "search.engines.embedded.EmbeddedEngine",
    "elasticsearch": "search.engines.elasticsearch.ElasticsearchEngine",
    "postgres": "search.engines.postgres.PostgresEngine",
}

_engines: dict[tuple, Engine] = {}
_lock = threading.Lock()


def database_is_postgres(alias: str = "default") -> bool:
    engine = settings.DATABASES.get(alias, {}).get("ENGINE", "")
    return "postgresql" in engine or "postgis" in engine


def configured_name() -> str:
    """The configured engine as an alias (when it is one) or a dotted path."""
    name = (getattr(settings, "SEARCH_ENGINE", "") or "embedded").strip()
    if name == "auto":
        if getattr(settings, "ELASTICSEARCH_URL", ""):
            return "elasticsearch"
        return "postgres" if database_is_postgres() else "embedded"
    return name


def engine_class(name: str) -> type[Engine]:
    path = ALIASES.get(name, name)
    if "." not in path:
        raise ValueError(f"unknown search engine {name!r} (use one of {', '.join(ALIASES)} or a dotted path)")
    cls = import_string(path)
    if not (isinstance(cls, type) and issubclass(cls, Engine)):
        raise ValueError(f"{path} is not a search engine class")
    return cls


def alias_of(cls: type[Engine]) -> str:
    path = f"{cls.__module__}.{cls.__qualname__}"
    return next((alias for alias, p in ALIASES.items() if p == path), path)


def get_engine(name: str | None = None) -> Engine:
    """The engine called ``name`` (alias or dotted path); without a name the configured
    one, wrapped in its fallback if it has one."""
    if name is None:
        primary = configured_name()
        cls = engine_class(primary)
        fallback = getattr(settings, "SEARCH_FALLBACK_ENGINE", None)
        fallback = cls.fallback if fallback is None else fallback
        if fallback and engine_class(fallback) is not cls:
            key = ("fallback", primary, fallback)
            engine = _engines.get(key)
            if engine is None:
                engine = FallbackEngine(_instance(primary), _instance(fallback))
                with _lock:
                    engine = _engines.setdefault(key, engine)
            return engine
        return _instance(primary)
    return _instance(name)


def _instance(name: str) -> Engine:
    cls = engine_class(name)
    key = (ALIASES.get(name, name), *cls.settings_key(settings))
    engine = _engines.get(key)
    if engine is not None:
        return engine
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = cls.from_settings(settings)
            _engines[key] = engine
    return engine


def engine_names() -> list[str]:
    """What ``search_reindex`` rebuilds by default: the fallback, then the configured engine."""
    engine = get_engine()
    return [e.name for e in engine.writers()]


def close_all() -> None:
    for engine in list(_engines.values()):
        with contextlib.suppress(Exception):  # closing is best effort
            engine.close()
    _engines.clear()
