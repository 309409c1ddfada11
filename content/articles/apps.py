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

        from anxin.cache import pages as page_cache

        for model in (self.get_model("ArticlePage"), self.get_model("ArticleIndexPage")):
            page_cache.register_page(model, "articles")
        page_cache.register_model(self.get_model("ArticleTopic"), "articles")
