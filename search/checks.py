"""System checks of the search app."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.compatibility, deploy=False)
def per_machine_index_on_several_machines(app_configs=None, **kwargs):
    """search.W001: the settings describe several machines (a shared cache or a
    PostgreSQL database) but the search index is a file on each machine."""
    from .engines.loading import configured_name, database_is_postgres, engine_class

    try:
        cls = engine_class(configured_name())
    except Exception as exc:  # an unknown engine is reported here rather than at the first search
        return [Warning(f"SEARCH_ENGINE cannot be loaded: {exc}", id="search.W002")]
    if getattr(cls, "shared", False):
        return []
    reasons = []
    if getattr(settings, "REDIS_URL", ""):
        reasons.append("REDIS_URL is set")
    if database_is_postgres():
        reasons.append("the database is PostgreSQL")
    if not reasons:
        return []
    return [
        Warning(
            f"The search index is a file on this machine ({cls.__name__}), but the settings "
            f"describe a site on several machines ({' and '.join(reasons)}): a page published "
            "through one machine would not be found by searches on the others.",
            hint=(
                "On PostgreSQL set SEARCH_ENGINE=postgres (or auto) and run "
                "`manage.py migrate` and `manage.py search_reindex`; with an Elasticsearch "
                "cluster set SEARCH_ENGINE=elasticsearch and ELASTICSEARCH_URL. A single "
                "machine can keep the embedded file and silence this with "
                'SILENCED_SYSTEM_CHECKS = ["search.W001"].'
            ),
            id="search.W001",
        )
    ]


@register("search")
def embedded_index_state(app_configs=None, **kwargs):
    """search.W003: the embedded index file is missing, damaged or unreadable (readers
    get 搜索暂时不可用). search.W004: it holds no documents, or was never rebuilt, while
    the database has public content. Warnings, not errors: ``migrate`` and
    ``search_reindex`` itself run the checks and must not be stopped by them."""
    from .health import problems

    try:
        found = problems()
    except Exception as exc:  # a check never crashes the command it runs in
        return [Warning(f"The search index could not be inspected: {exc}", id="search.W003")]
    return [Warning(p.message, hint=p.hint, id=p.id) for p in found]
