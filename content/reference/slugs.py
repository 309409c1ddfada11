"""Page slugs in pinyin (issue 13, point 3): a Chinese title gives an ASCII address that
survives being shared (冬季抑郁 → ``dongji-yiyu``, not ``%E5%86%AC…``).

Wagtail's editor fills the slug from the title (the ``w-slug`` controller, Chinese
characters kept); :class:`PinyinSlugPageForm` replaces a Chinese or empty slug of a page
that was never published by the pinyin of its title, made unique among its siblings
(``-2``, ``-3``…) before Wagtail checks that the slug is free. :class:`PinyinSlugPageMixin`
does the same when a page is saved in code (``add_child``, imports) and makes the form
the pages' base form. A published page keeps its address.
"""

from __future__ import annotations

import re

from django.utils.text import slugify
from pypinyin import lazy_pinyin
from wagtail.admin.forms import WagtailAdminPageForm

from search.analysis.segment import cut

MAX_LENGTH = 60
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def pinyin_slug(text: str, max_length: int = MAX_LENGTH) -> str:
    """Lowercase ASCII words joined by hyphens: the pinyin of each Chinese word, Latin
    letters and digits as they are; cut at a word boundary within ``max_length``."""
    words = []
    for word in cut(text or ""):
        ascii_word = _NON_SLUG.sub("", "".join(lazy_pinyin(word)).lower())
        if ascii_word:
            words.append(ascii_word)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            return slug or word[:max_length]
        slug = candidate
    return slug


def needs_pinyin(page, slug: str) -> bool:
    """Whether ``slug`` (the page's, or the one submitted for it) is to be replaced."""
    return not page.first_published_at and (not slug or not slug.isascii())


def unique_slug(base: str, parent, page) -> str:
    candidate, suffix = base, 1
    while not type(page)._slug_is_available(candidate, parent, page):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def slug_for(page, slug: str, parent) -> str:
    """The pinyin slug for a never-published page with a Chinese or empty ``slug``."""
    base = pinyin_slug(page.title or "") or pinyin_slug(slug) or slugify(page.title or "")
    return unique_slug(base, parent, page) if base else slug


class PinyinSlugPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and not self.instance.first_published_at:
            self.fields["slug"].required = False  # filled from the title

    def clean(self):
        slug = self.cleaned_data.get("slug", "")
        title = self.cleaned_data.get("title")
        if "slug" in self.fields and title and self.parent_page and needs_pinyin(self.instance, slug):
            self.instance.title = title
            self.cleaned_data["slug"] = slug_for(self.instance, slug, self.parent_page)
        return super().clean()


class PinyinSlugPageMixin:
    base_form_class = PinyinSlugPageForm

    def _pinyin_slug(self):
        parent = getattr(self, "_cached_parent_obj", None) or (self.get_parent() if self.path else None)
        if parent is not None and self.title and needs_pinyin(self, self.slug):
            self.slug = slug_for(self, self.slug, parent)

    def full_clean(self, *args, **kwargs):  # a live page saved in code
        self._pinyin_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):  # a draft saved in code (add_child of a page that is not live)
        self._pinyin_slug()
        super().minimal_clean()


def pinyin_slug_view(request):
    """``/admin/slug/pinyin/?title=…`` → ``{"slug": "…"}`` for the editor's slug field
    (content/reference/static/reference/pinyin-slug.js); uniqueness is settled on save."""
    from django.http import JsonResponse

    return JsonResponse({"slug": pinyin_slug(request.GET.get("title", "")[:255])})
