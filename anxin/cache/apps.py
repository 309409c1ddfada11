from django.apps import AppConfig


class CacheConfig(AppConfig):
    """Connects the page-cache invalidation signals (anxin/cache/pages.py) and lets
    Wagtail's private-section filter read the remembered restrictions (shared.py)."""

    name = "anxin.cache"
    label = "anxin_cache"
    verbose_name = "缓存"

    def ready(self):
        from . import shared
        from .pages import connect_signals

        connect_signals()
        shared.install()
