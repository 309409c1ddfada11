from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("搜索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from anxin.cache import pages as page_cache

        from . import checks, page_index, signals  # noqa: F401
        from .index import PAGE_SCOPE

        page_cache.register_scope(PAGE_SCOPE, listed=False)  # only search results depend on it
        page_index.connect()
