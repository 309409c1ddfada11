from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    name = "content.readership"
    label = "readership"
    verbose_name = _("阅读次数")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from anxin.cache import pages as page_cache

        from . import counting

        # The counts are never shown to the public: a flush must not empty the page cache.
        page_cache.register_model(self.get_model("PageViewDay"), None)
        counting.install_exit_flush()
