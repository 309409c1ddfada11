"""Settings for the public-pages load benchmark (bench/web/run.py).

The production middleware and templates, DEBUG off, on a local SQLite file built from
the demo; plus one bare view (bench/web/urls.py) to compare against. Nothing here is
used by the site itself.
"""

import os

from anxin.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("E2E_DB", "/tmp/anxin-bench-web.sqlite3"),
        "OPTIONS": {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }
}
ROOT_URLCONF = "bench.web.urls"
# Static files straight from the apps (no collectstatic needed for a benchmark run).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The cache every worker shares: the SQLite file (the one-machine default) or Redis.
_BENCH_CACHE = os.environ.get("BENCH_CACHE", "sqlite")
if _BENCH_CACHE.startswith("redis://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _BENCH_CACHE}}
else:
    CACHES = {
        "default": {
            "BACKEND": "anxin.cache.sqlite.SQLiteCache",
            "LOCATION": os.environ.get("E2E_DB", "/tmp/anxin-bench-web.sqlite3") + ".cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
CACHES["default"]["KEY_PREFIX"] = "bench-web"
CACHES["renditions"] = {
    **CACHES["default"],
    "BACKEND": "anxin.cache.renditions."
    + ("RedisRenditionCache" if _BENCH_CACHE.startswith("redis://") else "SQLiteRenditionCache"),
}
SEARCH_EMBEDDED_PATH = Path(os.environ.get("E2E_DB", "/tmp/anxin-bench-web.sqlite3") + ".search")  # noqa: F405
STATIC_ROOT = Path(os.environ.get("E2E_DB", "/tmp/anxin-bench-web.sqlite3")).with_name("bench-static")  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# BENCH_PAGE_CACHE_SECONDS=0 measures the article rendered on every request.
ANXIN_PAGE_CACHE_SECONDS = int(os.environ.get("BENCH_PAGE_CACHE_SECONDS", "300"))
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
