"""Template helpers shared by every theme template."""

import json
import re

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from anxin.cache import memo
from content.reference.phones import tel_uri as _tel_uri

register = template.Library()


@register.filter
def tel_uri(number: str) -> str:
    """``{{ "010-82951332"|tel_uri }}`` → ``tel:01082951332``."""
    return _tel_uri(str(number))


#: Short codes (PHQ-9, GAD-7) and numbers (12356, 400-161-9995, 021-39590800) that must
#: never break across lines: a hyphen is a line-break opportunity to the browser.
UNBREAKABLE = re.compile(r"(?<![\w-])([A-Za-z]{2,}-\d+|\+?\d[\d-]{3,}\d)(?![\w-])")


@register.filter(needs_autoescape=True)
def keep_codes(value, autoescape=True) -> str:
    """``{{ page.title|keep_codes }}``: the text, escaped, with every short code and
    phone number in ``<span class="nowrap">`` (CSS ``white-space: nowrap``)."""
    text = conditional_escape(str(value)) if autoescape else str(value)
    return mark_safe(UNBREAKABLE.sub(r'<span class="nowrap">\1</span>', str(text)))


@register.filter
def tojson(value) -> str:
    """A JSON literal for JSON documents (the manifest); not for HTML attributes."""
    text = json.dumps(value, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


# Non-page sections that belong in the main navigation when their app is installed.
EXTRA_SECTIONS = (("directory:home", _("找服务")),)


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[dict]:
    """The header's sections: ``site_navigation`` from the context if a view gave one,
    else the site root's live children marked "show in menus", plus the directory.
    One query, and only for pages the cache has not stored yet."""
    if context.get("site_navigation"):
        return context["site_navigation"]
    request = context.get("request")
    if request is None:
        return []
    site = Site.find_for_request(request)
    items = []
    if site is not None:
        for page in site.root_page.get_children().live().public().in_menu().only("id", "title", "url_path", "path"):
            items.append({"title": page.title, "url": page.get_url(request)})
    for name, title in EXTRA_SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if all(item["url"] != url for item in items):
            items.append({"title": str(title), "url": url})
    for item in items:
        inside = bool(item["url"]) and item["url"] != "/" and request.path.startswith(item["url"])
        item["active"] = inside
        item["current"] = ("page" if request.path == item["url"] else "true") if inside else ""
    return items


@register.tag("remember")
def do_remember(parser, token):
    """``{% remember "name" key… scopes="articles directory" %}…{% endremember %}``: the
    enclosed HTML rendered once per process until ``site`` or one of ``scopes`` changes
    (anxin/cache/memo.py). Only for output that depends on nothing but its key: not on
    the request, the reader or the display mode. Previews always render."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% remember %} needs a name")
    scopes = None
    parts = []
    for bit in bits:
        if bit.startswith("scopes="):
            scopes = parser.compile_filter(bit[len("scopes=") :])
        else:
            parts.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(nodelist, parts, scopes)


class RememberNode(template.Node):
    def __init__(self, nodelist, parts, scopes):
        self.nodelist = nodelist
        self.parts = parts
        self.scopes = scopes

    def render(self, context):
        request = context.get("request")
        if getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        key = ("fragment", *(str(part.resolve(context)) for part in self.parts))
        scopes = str(self.scopes.resolve(context)).split() if self.scopes else ()
        return memo.remember(key, scopes, lambda: self.nodelist.render(context))
