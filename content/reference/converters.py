"""URL converters shared by the apps' public URLs.

``<pk:…>`` is Django's ``<int:…>`` bounded to what a database key can hold (up to 18
digits, below 2**63): a longer number is no URL at all (404) instead of an
OverflowError from the database (500). ``<area:…>`` is a 12-digit division code.
"""

from django.urls import register_converter
from django.urls.converters import IntConverter, StringConverter


class PrimaryKeyConverter(IntConverter):
    regex = "[0-9]{1,18}"


class AreaCodeConverter(StringConverter):
    """``<area:…>``: a 12-digit statistical division code (anything else is no URL)."""

    regex = "[0-9]{12}"


register_converter(PrimaryKeyConverter, "pk")
register_converter(AreaCodeConverter, "area")
