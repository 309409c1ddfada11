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

        from . import signals
        from .search_docs import all_documents

        signals.connect()
        register_provider("service", all_documents)

        from anxin.cache import pages as page_cache

        for name in ("ServicePoint", "ServicePointPhone", "OpeningHours", "ServiceOffered", "OrganizationHsdsId"):
            page_cache.register_model(self.get_model(name), "directory")
        page_cache.register_model(self.get_model("CorrectionReport"), None)  # readers' reports stay in the admin
