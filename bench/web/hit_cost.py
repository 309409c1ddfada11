"""What one page-cache hit costs, in-process, per cache backend.

    DJANGO_SETTINGS_MODULE=anxin.settings.test .venv/bin/python -m bench.web.hit_cost [--hits 20000]

Runs ``AnonymousPageCacheMiddleware`` on a stored 40 KB page (gzip accepted, as from a
browser) and reports microseconds per hit for: Django's per-process LocMem cache (what
main used before: fast, but wrong with several workers), the SQLite-file cache every
process on a machine shares (the one-machine default now), and Redis on 127.0.0.1
(several machines; skipped if no Redis answers). CPU-bound and single-threaded, so far
less sensitive to a busy machine than the HTTP runs of bench/web/run.py and mix.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=20000)
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"))
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import caches
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.test.utils import override_settings

    from anxin.middleware import AnonymousPageCacheMiddleware

    body = ("<p>" + "心理健康科普文章正文，" * 20 + "</p>\n") * 60  # ≈ 40 KB of HTML
    renders = []

    def view(request):
        renders.append(1)
        return HttpResponse(body)

    folder = tempfile.mkdtemp(prefix="anxin-hit-cost-")
    backends = {
        "locmem (per process)": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "sqlite file (shared)": {
            "BACKEND": "anxin.cache.sqlite.SQLiteCache",
            "LOCATION": os.path.join(folder, "cache.sqlite3"),
        },
        "redis (shared)": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": args.redis},
    }
    factory = RequestFactory()
    print(f"{args.hits} hits of a {len(body.encode()) // 1024} KB page; median of 5 runs")
    for name, backend in backends.items():
        with override_settings(CACHES={"default": {**backend, "KEY_PREFIX": "hit-cost"}}, ANXIN_PAGE_CACHE_SECONDS=300):
            cache = caches["default"]
            try:
                cache.clear()
            except Exception as error:
                print(f"{name:24} skipped ({error.__class__.__name__})")
                continue
            middleware = AnonymousPageCacheMiddleware(view)

            def hit(middleware=middleware):
                request = factory.get("/kepu/article/", HTTP_ACCEPT_ENCODING="gzip, br")
                request.user = AnonymousUser()
                return middleware(request)

            assert hit()["X-Anxin-Cache"] == "miss"
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                for _ in range(args.hits // 5):
                    response = hit()
                runs.append((time.perf_counter() - started) / (args.hits // 5) * 1e6)
            assert response["X-Anxin-Cache"] == "hit" and len(renders) == 1
            renders.clear()
            print(f"{name:24} {statistics.median(runs):7.1f} µs per hit")


if __name__ == "__main__":
    main()
