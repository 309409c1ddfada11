from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "content.reference"
    label = "reference"
    verbose_name = _("基础数据")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.registry import register_facet_choices, register_facet_labels

        from . import checks  # noqa: F401 - registers the system checks
        from .search import area_labels, audience_choices, audience_labels
        from .spreadsheets import protect_wagtail_exports

        protect_wagtail_exports()

        register_facet_labels("audience", audience_labels)
        register_facet_choices("audience", audience_choices)
        register_facet_labels("area", area_labels)
