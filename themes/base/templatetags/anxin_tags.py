"""Template helpers shared by every theme template."""

import json

from django import template
from django.utils.safestring import mark_safe

from content.reference.phones import tel_uri as _tel_uri

register = template.Library()


@register.filter
def tel_uri(number: str) -> str:
    """``{{ "010-82951332"|tel_uri }}`` → ``tel:01082951332``."""
    return _tel_uri(str(number))


@register.filter
def tojson(value) -> str:
    """A JSON literal for JSON documents (the manifest); not for HTML attributes."""
    text = json.dumps(value, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
