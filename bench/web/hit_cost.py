"""What one page-cache hit costs, in-process, per cache backend.

    DJANGO_SETTINGS_MODULE=anxin.settings.test .venv/bin/python -m bench.web.hit_cost [--hits 20000]

Runs ``AnonymousPageCacheMiddleware`` on a stored 40 KB page (gzip accepted, as from a
browser) and reports microseconds per hit for: Django's per-process LocMem cache (what
main used before: fast, but wrong with several workers), the SQLite-file cache every
process on a machine shares (the one-machine default now), and Redis on 127.0.0.1
(several machines; skipped if no Redis answers). CPU-bound and single-threaded, so far
less sensitive to a busy machine than the HTTP runs of bench/web/run.py and mix.py.

Each backend is measured twice, in alternation: the page cache alone (page-view counting
off) and under ``ReadingCountMiddleware`` (counting on: the request comes from a phone
browser, so every hit adds one to the worker's buffer; the buffer's writes happen in the
flusher thread, one upsert per page and day every 10 s, and are not in this loop).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

import django

BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; V2217A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)


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
    from content.readership import counting
    from content.readership.middleware import ReadingCountMiddleware

    body = ("<p>" + "心理健康科普文章正文，" * 20 + "</p>\n") * 60  # ≈ 40 KB of HTML
    renders = []

    def view(request):
        renders.append(1)
        response = HttpResponse(body)
        counting.mark(response, "article", 1)  # as ArticlePage.serve does
        return response

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
        with override_settings(
            CACHES={"default": {**backend, "KEY_PREFIX": "hit-cost"}},
            ANXIN_PAGE_CACHE_SECONDS=300,
            READERSHIP_FLUSH_SIZE=10**9,  # the flusher thread writes; not this loop
        ):
            cache = caches["default"]
            try:
                cache.clear()
            except Exception as error:
                print(f"{name:24} skipped ({error.__class__.__name__})")
                continue
            page_cache = AnonymousPageCacheMiddleware(view)
            stacks = {"counting off": page_cache, "counting on": ReadingCountMiddleware(page_cache)}

            def hit(middleware):
                request = factory.get("/kepu/article/", HTTP_ACCEPT_ENCODING="gzip, br", HTTP_USER_AGENT=BROWSER)
                request.user = AnonymousUser()
                return middleware(request)

            assert hit(page_cache)["X-Anxin-Cache"] == "miss"
            runs = {label: [] for label in stacks}
            counted_before = counting.pending()
            for _ in range(5):
                for label, middleware in stacks.items():
                    started = time.perf_counter()
                    for _ in range(args.hits // 5):
                        response = hit(middleware)
                    runs[label].append((time.perf_counter() - started) / (args.hits // 5) * 1e6)
                    assert response["X-Anxin-Cache"] == "hit"
            assert len(renders) == 1 and counting.pending() - counted_before == args.hits // 5 * 5
            renders.clear()
            off, on = (statistics.median(runs[label]) for label in stacks)
            print(f"{name:24} {off:7.1f} µs per hit, counting off; {on:7.1f} µs counting on (+{on - off:.1f} µs)")


if __name__ == "__main__":
    main()
