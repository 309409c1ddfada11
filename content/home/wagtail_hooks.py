"""The admin in Chinese where Wagtail 8 prints English outside its translation catalogue
(issue 13, point 4; the translations themselves are in locale/zh_Hans).

* An active yes/no filter reads 是/否 in its chip, not True/False (Wagtail shows
  ``str(value)`` for a ``BooleanFilter``).
* The sites listing's columns are labelled with the model's translated field names
  (Wagtail builds "Port", "Site name", "Root page" from the column names).
"""

from __future__ import annotations

import django_filters
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin.active_filters import ActiveFilter, BaseFilterAdapter, register_filter_adapter_class

from . import autosave  # noqa: F401  (its hook: no autosave before a page's first save)


class YesNoFilterAdapter(BaseFilterAdapter):
    def get_active_filters(self):
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            gettext("Yes") if self.value else gettext("No"),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(django_filters.BooleanFilter, YesNoFilterAdapter)


def _label_site_columns():
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    fields = {field.name: field for field in Site._meta.fields}
    for column in IndexView.columns:
        if column.name in fields and column.label == capfirst(column.name.replace("_", " ")):
            column.label = capfirst(fields[column.name].verbose_name)


_label_site_columns()
