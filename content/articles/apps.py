from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "content.articles"
    label = "articles"
    verbose_name = _("科普文章")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from content.reference.search import AUDIENCE
        from search.kinds import Facet, Kind
        from search.registry import register_kind

        from .search_documents import KIND, all_documents, document_id, documents_for

        register_kind(
            Kind(
                name=KIND,
                label=_("文章"),
                order=0,
                located=False,
                facets=(AUDIENCE, Facet("topic", _("主题"), attr="topics", help=_("主题（slug，可重复）"))),
                provider=all_documents,
                documents_for=documents_for,
                document_id=document_id,
                model="articles.ArticlePage",
                browse_order=0,
                intent_text=_("写给{label}的文章"),
            )
        )

        from anxin.cache import pages as page_cache

        for model in (self.get_model("ArticlePage"), self.get_model("ArticleIndexPage")):
            page_cache.register_page(model, "articles")
        page_cache.register_model(self.get_model("ArticleTopic"), "articles")
