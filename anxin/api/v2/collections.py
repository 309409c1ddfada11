"""Which collections the public may see: those without a view restriction on
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


def public_collection_ids(context=None) -> set[int]:
    """Ids of the public collections (remembered in ``context`` for one response)."""
    memo = context if context is not None else {}
    if "_anxin_public_collections" not in memo:
        restricted = restricted_collections()
        memo["_anxin_public_collections"] = set(
            Collection.objects.exclude(pk__in=restricted).values_list("pk", flat=True)
        )
    return memo["_anxin_public_collections"]
