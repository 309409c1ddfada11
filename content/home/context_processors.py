"""The main navigation: the site's top-level pages marked "show in menus" (editors
choose them in Wagtail's promote tab, and order them in the page tree), plus the
service directory, which is a set of views rather than a page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Site

from anxin.cache import memo


def navigation(request):
    if request.path.startswith("/admin/"):
        return {}

    def sections():
        site = Site.find_for_request(request)
        if site is None:
            return ()
        pages = site.root_page.get_children().live().public().in_menu().only("id", "title", "url_path", "path")
        return tuple((page.title, page.get_url(request)) for page in pages)

    def items():
        # remembered per process until a publish, move or settings save (anxin/cache/memo.py)
        remembered = memo.remember(("navigation", request.get_host()), (), sections)
        entries = [
            {"title": title, "url": url, "active": bool(url) and request.path.startswith(url)}
            for title, url in remembered
        ]
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
