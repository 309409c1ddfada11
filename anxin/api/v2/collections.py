"""Which collections the public may not see: those with a view restriction on
themselves or on a collection above them."""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction


def restricted_collections():
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not paths:
        return Collection.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Collection.objects.filter(condition)


def restricted_collection_ids(context=None) -> set[int]:
    """Ids of the restricted collections (remembered in ``context`` for one response):
    one query on a site without restrictions, two with."""
    memo = context if isinstance(context, dict) else {}
    if "_anxin_restricted_collections" not in memo:
        memo["_anxin_restricted_collections"] = set(restricted_collections().values_list("pk", flat=True))
    return memo["_anxin_restricted_collections"]


def is_public(obj, context=None) -> bool:
    """An image or document the public may see."""
    return obj.collection_id not in restricted_collection_ids(context)
