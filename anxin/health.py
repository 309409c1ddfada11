"""``GET /healthz``: is this app process able to serve? For load balancers and monitoring.

Answers before the host check, the HTTPS redirect, sessions and the page cache (it is
the first middleware), so a balancer can probe each machine by address over plain HTTP.
Checks the database (``SELECT 1``), the cache (a write and a read) and the search index
(one tiny query through the configured engine). 200 with ``"status": "ok"`` when all
pass, 503 with the failing part's name otherwise. Never cached, no secrets, no versions:
the body names only the parts and ``ok``/``error``.
"""

from __future__ import annotations

import json
import logging
import time

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)
PATH = "/healthz"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = "anxin:healthz"
    value = time.time_ns()
    cache.set(key, value, 60)
    if cache.get(key) != value:
        raise RuntimeError("cache read back a different value")


def check_search() -> None:
    from search import index

    index.match_ids(index.SearchQuery(q="心理"), limit=1)


CHECKS = {"database": check_database, "cache": check_cache, "search": check_search}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:
            logger.exception("health check failed: %s", name)
            results[name] = "error"
    return results


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        results = run_checks()  # connections are closed as for any request (request_finished)
        healthy = all(value == "ok" for value in results.values())
        body = json.dumps({"status": "ok" if healthy else "error", "checks": results})
        response = HttpResponse(body, status=200 if healthy else 503, content_type="application/json")
        response["Cache-Control"] = "no-store"
        return response
