from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "content.articles"
    label = "articles"
    verbose_name = _("科普文章")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.documents import KIND_ARTICLE
        from search.registry import register_provider

        from . import signals
        from .search_documents import all_documents

        register_provider(KIND_ARTICLE, all_documents)
        signals.connect()
