"""URL converters shared by the apps' public URLs.

``<pk:…>`` is Django's ``<int:…>`` bounded to what a database key can hold (up to 18
digits, below 2**63): a longer number is no URL at all (404) instead of an
OverflowError from the database (500).
"""

from django.urls import register_converter
from django.urls.converters import IntConverter


class PrimaryKeyConverter(IntConverter):
    regex = "[0-9]{1,18}"


register_converter(PrimaryKeyConverter, "pk")
