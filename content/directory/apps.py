"""directory app: the public directory of psychological services."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "content.directory"
    label = "directory"
    verbose_name = _("服务目录")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.registry import register_provider

        from . import checks, signals  # noqa: F401 - checks registers itself
        from .search_docs import all_documents

        signals.connect()
        register_provider("service", all_documents)
