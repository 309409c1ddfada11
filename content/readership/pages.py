"""For the page types whose views are counted."""

from __future__ import annotations

from . import counting


class CountedPageMixin:
    """``counted_kind``: the kind this page's views are counted under (CountedKind)."""

    counted_kind = ""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        counting.mark(response, self.counted_kind, self.pk)
        return response
