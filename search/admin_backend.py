"""Wagtail admin search that understands Chinese.

Wagtail 8 (through ``modelsearch``) indexes text with SQLite FTS5's ``unicode61``
tokenizer, which treats a whole run of Chinese characters as one token: a page whose
body says 我最近总是失眠 is a single "word" and the query 失眠 never matches it. This
backend runs the same analysis as the public search (``search.analysis``) before the
text reaches the index and before the query is compiled: normalise, segment, join with
spaces — so 失眠 is a token of its own, and traditional or full-width input works too.

Configure it with::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.admin_backend"}}

On SQLite it is the Chinese-aware FTS5 backend; on other databases it falls back to
modelsearch's own database backend for that vendor (PostgreSQL's ``simple`` config
with pre-segmented text is a follow-up, see docs/search.md).
"""

from __future__ import annotations

from django.db import connection
from modelsearch.backends.database import SearchBackend as _VendorBackend


def SearchBackend(params):
    """Chinese-aware SQLite FTS5 backend on SQLite; the vendor's own backend elsewhere."""
    backend = _VendorBackend(params)
    if connection.vendor != "sqlite":
        return backend
    # Imported here, not at module level: see admin_backend_sqlite's docstring.
    from . import admin_backend_sqlite

    if isinstance(backend, admin_backend_sqlite._sqlite.SQLiteSearchBackend):
        return admin_backend_sqlite.ChineseSQLiteSearchBackend(params)
    return backend
