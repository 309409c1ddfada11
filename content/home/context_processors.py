"""The main navigation: the site's top-level pages marked "show in menus" (editors
choose them in Wagtail's promote tab, and order them in the page tree), plus the
service directory, which is a set of views rather than a page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Site


def navigation(request):
    if request.path.startswith("/admin/"):
        return {}

    def items():
        site = Site.find_for_request(request)
        entries = []
        if site is not None:
            for page in site.root_page.get_children().live().public().in_menu().specific(defer=True):
                url = page.get_url(request)
                entries.append({"title": page.title, "url": url, "active": bool(url) and request.path.startswith(url)})
        directory_url = reverse("directory:home")
        entries.insert(
            min(1, len(entries)),
            {"title": _("找服务"), "url": directory_url, "active": request.path.startswith(directory_url)},
        )
        return entries

    return {"site_navigation": _Lazy(items)}


class _Lazy:
    """Evaluated only when a template iterates it (admin and JSON views never do)."""

    def __init__(self, factory):
        self.factory = factory
        self._items = None

    def __iter__(self):
        if self._items is None:
            self._items = self.factory()
        return iter(self._items)
