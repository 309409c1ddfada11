"""Shared setup for the directory benchmarks: Django against a separate database.

The database is ``BENCH_DATABASE_URL`` (default: SQLite file var/bench/directory.sqlite3);
for PostgreSQL use a database of your own, e.g.
``BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/anxin_directory_bench``.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "var" / "bench" / "directory.sqlite3"


def setup() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = url
    # The directory's text box asks the search index: one of its own beside the database.
    flavour = "sqlite" if url.startswith("sqlite") else "pg"
    os.environ.setdefault("SEARCH_EMBEDDED_PATH", str(DEFAULT_DB.parent / f"directory-search-{flavour}.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return url
