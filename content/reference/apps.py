from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def audience_labels(slugs):
    from .models import Audience

    return dict(Audience.objects.filter(slug__in=list(slugs)).values_list("slug", "name"))


def area_labels(prefixes):
    """Facet values are significant code prefixes ("310114", "310114102")."""
    from .models import AdminArea

    wanted = {prefix.ljust(12, "0"): prefix for prefix in prefixes if prefix.isdigit() and len(prefix) <= 12}
    return {wanted[code]: name for code, name in AdminArea.objects.filter(code__in=wanted).values_list("code", "name")}


class ReferenceConfig(AppConfig):
    name = "content.reference"
    label = "reference"
    verbose_name = _("基础数据")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.registry import register_facet_labels

        from .spreadsheets import protect_wagtail_exports

        protect_wagtail_exports()
        register_facet_labels("audience", audience_labels)
        register_facet_labels("area", area_labels)
