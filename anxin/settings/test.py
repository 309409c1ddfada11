"""Fast defaults for the test suite. DATABASE_URL still selects PostgreSQL."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .env import env_str

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105 - used by the test suite only
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
_TMP = Path(tempfile.mkdtemp(prefix="anxin-test-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)  # one per process; gone when it ends
VAR_DIR = _TMP
MEDIA_ROOT = _TMP / "media"
SEARCH_ENGINE = env_str("SEARCH_ENGINE", "embedded")
SEARCH_EMBEDDED_PATH = Path(env_str("SEARCH_EMBEDDED_PATH", str(_TMP / "search.sqlite3")))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"], "level": "WARNING"},
}
ANXIN_DEMO_ACCOUNTS = True
READERSHIP_FLUSH_SECONDS = 0  # no flusher thread: tests flush the counted views themselves
ANXIN_PAGE_CACHE_SECONDS = 0  # tests that exercise the page cache switch it on themselves
# Rows change inside a transaction that never commits (no generation moves): tests that
# exercise the render memo switch it on and run the on-commit callbacks themselves.
ANXIN_RENDER_MEMO = False
