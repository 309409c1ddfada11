"""Template helpers shared by every theme template."""

from django import template

from content.reference.phones import tel_uri as _tel_uri

register = template.Library()


@register.filter
def tel_uri(number: str) -> str:
    """``{{ "010-82951332"|tel_uri }}`` → ``tel:01082951332``."""
    return _tel_uri(str(number))
