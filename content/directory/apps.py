"""directory app: the public directory of psychological services."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "content.directory"
    label = "directory"
    verbose_name = _("服务目录")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from content.reference.search import AREA, AUDIENCE
        from search.kinds import Facet, Kind
        from search.registry import register_facet_choices, register_kind

        from . import checks, signals  # noqa: F401 - checks registers itself
        from .search_docs import KIND, all_documents

        signals.connect()
        register_facet_choices("service_kind", service_kind_choices)
        register_facet_choices("service", services_offered_choices)
        register_kind(
            Kind(
                name=KIND,
                label=_("服务机构"),
                order=1,
                located=True,
                facets=(
                    AUDIENCE,
                    AREA,
                    Facet("service_kind", _("机构类型"), help=_("机构类型（slug，可重复）")),
                    Facet("service", _("服务内容"), help=_("提供的服务（slug，可重复）")),
                ),
                provider=all_documents,
                model="directory.ServicePoint",
                browse_order=2,  # after the (far fewer) events when browsing everything
                intent_text=_("为{label}提供服务的机构"),
            )
        )

        from anxin.cache import pages as page_cache

        for name in ("ServicePoint", "ServicePointPhone", "OpeningHours", "ServiceOffered", "OrganizationHsdsId"):
            page_cache.register_model(self.get_model(name), "directory")
        page_cache.register_model(self.get_model("CorrectionReport"), None)  # readers' reports stay in the admin


def service_kind_choices():
    from .models.choices import ServiceKind

    return ServiceKind.choices


def services_offered_choices():
    from .models import ServiceOffered

    return list(ServiceOffered.objects.order_by("sort_order", "name").values_list("slug", "name"))
