"""A Django test client for ``/api/v1/search`` on an existing embedded index, as the
in-process benches use it: Django set up on the test settings, no project tables
needed (editors' dictionary entries empty, area and audience labels from the
synthetic data), the page cache off."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def api_client(index: Path):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/anxin-bench-search.sqlite3")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    importlib.import_module("search.analysis.dictionaries")._editor_entries = lambda: ([], [], [])
    from bench.search import synthetic
    from search.registry import register_facet_labels

    register_facet_labels("area", synthetic.area_labels)
    register_facet_labels("audience", lambda values: {v: dict(synthetic.AUDIENCES).get(v, v) for v in values})
    settings.SEARCH_ENGINE = "embedded"
    settings.SEARCH_EMBEDDED_PATH = index
    settings.ANXIN_PAGE_CACHE_SECONDS = 0
    return Client()
