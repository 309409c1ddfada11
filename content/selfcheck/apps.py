from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfCheckConfig(AppConfig):
    name = "content.selfcheck"
    label = "selfcheck"
    verbose_name = _("心理测评")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from anxin.cache import pages as page_cache

        from . import search

        search.connect()

        for name in ("SelfCheckIndexPage", "QuestionnairePage"):
            page_cache.register_page(self.get_model(name), "selfcheck")
