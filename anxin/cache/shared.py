"""Wagtail lookups every public request repeats, answered from the render memo
(anxin/cache/memo.py) while the ``site`` scope keeps its generation.

- the Site for the request's host, with its root page (and the root page's specific
  instance, which routing starts from): three queries on every page;
- the site root's children (``child_page``): routing to any page below them starts
  there, two queries (publishing, unpublishing or moving one bumps ``site``);
- site settings (``RememberedSettingMixin``: the crisis strip, header and footer read
  them on every page);
- the private sections (PageViewRestriction): Wagtail reads the whole table for every
  ``.public()`` queryset (``PageQuerySet.private_q``), and the ancestors of the served
  page plus their restrictions before serving it. Almost every site has none, and a
  restriction's save or delete is a ``wagtailcore`` change, which bumps ``site``.

Copies of model instances are handed out, so that no request changes what another reads.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace

from django.db.models import Q
from django.http.request import split_domain_port

from . import memo


def _load_site(hostname: str, port: int):
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    site.root_page.specific  # noqa: B018 — load it once, kept on the remembered instance
    return site


def _copy_site(site):
    copied = copy.copy(site)
    root = copy.copy(site.root_page)
    root.__dict__["specific"] = copy.copy(site.root_page.specific)
    copied.root_page = root
    return copied


def prime_site(request) -> None:
    """Give Wagtail the request's Site (``Site.find_for_request`` keeps it on the request)."""
    if not memo.active() or hasattr(request, "_wagtail_site"):
        return
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    site = memo.remember(("site", hostname, port), (), lambda: _load_site(hostname, port))
    if site is not None:
        request._wagtail_site = _copy_site(site)


def child_page(parent, slug: str):
    """The specific child of ``parent`` (the site's root page) called ``slug``, or None."""

    def load():
        child = parent.get_children().filter(slug=slug).first()
        return child.specific if child is not None else None

    child = memo.remember(("child-page", parent.pk, slug), (), load)
    return copy.copy(child) if child is not None else None


class RememberedSettingMixin:
    """For a ``BaseSiteSetting`` every page reads: one query per process per change.
    ``remember_derived(instance)`` may prepare what templates compute from it."""

    @classmethod
    def for_site(cls, site):
        load = super().for_site
        if site is None or not memo.active():
            return load(site)

        def build():
            instance = load(site)
            cls.remember_derived(instance)
            return instance

        return copy.copy(memo.remember(("setting", cls._meta.label_lower, site.pk), (), build))

    @classmethod
    def remember_derived(cls, instance) -> None:
        pass


def view_restrictions() -> tuple[tuple[str, int], ...] | None:
    """(path, depth) of every restricted page, or None outside a request."""
    if not memo.active():
        return None

    def load():
        from wagtail.models import PageViewRestriction

        return tuple(PageViewRestriction.objects.values_list("page__path", "page__depth"))

    return memo.remember(("page-view-restrictions",), (), load)


def remembered_private_q(original):
    """``PageQuerySet.private_q`` from the remembered restrictions (the original outside a request)."""

    def private_q(self):
        restricted = view_restrictions()
        if restricted is None:
            return original(self)
        q = Q()
        for path, depth in restricted:
            q |= self.descendant_of_q(SimpleNamespace(path=path, depth=depth), inclusive=True)
        return q if q else Q(pk__in=[])

    private_q.__doc__ = original.__doc__
    return private_q


def install() -> None:
    from wagtail.query import PageQuerySet

    if not getattr(PageQuerySet.private_q, "_anxin_remembered", False):
        PageQuerySet.private_q = remembered_private_q(PageQuerySet.private_q)
        PageQuerySet.private_q._anxin_remembered = True
