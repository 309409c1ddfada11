"""The "阅读次数" panel on an article's (or event's) edit page: last 30 days and total."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from . import queries


class PageViewsPanel(Panel):
    def __init__(self, kind: str, **kwargs):
        kwargs.setdefault("heading", _("阅读次数"))
        super().__init__(**kwargs)
        self.kind = kind

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["kind"] = self.kind
        return kwargs

    @property
    def clean_name(self):
        return super().clean_name or "page_views"

    class BoundPanel(Panel.BoundPanel):
        template_name = "readership/panels/page_views.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["views"] = queries.views_of(self.panel.kind, self.instance.pk)
            context["recent_days"] = queries.RECENT_DAYS
            return context
