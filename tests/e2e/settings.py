"""Settings for the server the browser tests drive (a separate process and database).

Like the test settings, plus: its own SQLite file (E2E_DB), the page cache on (as in
production), and a URL that raises, to show the 500 page.
"""

import os
from pathlib import Path

from anxin.settings.test import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("E2E_DB", "/tmp/anxin-e2e.sqlite3"),
        "OPTIONS": {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }
}
# Images must be visible to both the process that loads the demo and the server.
MEDIA_ROOT = Path(DATABASES["default"]["NAME"]).with_name("media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = MEDIA_ROOT.with_name("static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
ROOT_URLCONF = "tests.e2e.urls"
# One index for the process that loads the demo and the server (bootstrap rebuilds it).
SEARCH_EMBEDDED_PATH = Path(DATABASES["default"]["NAME"]).with_name("search.sqlite3")
ANXIN_PAGE_CACHE_SECONDS = 300
DEBUG = False
DEBUG_PROPAGATE_EXCEPTIONS = False
