"""Counts page views of articles, events and directory entries, on page-cache hits too.

Sits directly above ``AnonymousPageCacheMiddleware``. The page's own view marks its
response (``counting.mark``), and the page cache keeps that header with the copy, so a
hit carries it as well; this middleware removes it before the response leaves and, if
the request was a reader's GET of a 200 page, adds one to the worker's buffer.
"""

from __future__ import annotations

from . import counting


class ReadingCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        marker = response.get(counting.MARKER_HEADER)
        if marker is None:
            return response
        del response[counting.MARKER_HEADER]
        if (
            request.method == "GET"
            and response.status_code == 200
            and counting.enabled()
            and counting.is_reader(request)
        ):
            counting.count(marker)
        return response
