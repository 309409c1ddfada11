"""Wagtail admin search that understands Chinese.

Wagtail 8 (through ``modelsearch``) indexes text with the database's own word
splitter: SQLite FTS5's ``unicode61`` tokenizer and PostgreSQL's text search parser
both treat a whole run of Chinese characters as one token, so a page whose body says
我最近总是失眠 is a single "word" and the query 失眠 never matches it. This backend runs
the same analysis as the public search (``search.analysis``) before the text reaches
the index and before the query is compiled: normalise, segment, join with spaces — so
失眠 is a token of its own, and traditional or full-width input works too.

Configure it with::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.admin_backend"}}

:func:`SearchBackend` picks the class by the vendor of the ``default`` database:
``admin_backend_sqlite`` (FTS5) on SQLite, ``admin_backend_postgres`` (tsvector with
the ``simple`` config) on PostgreSQL, and modelsearch's own backend elsewhere. Each
vendor module is imported only on its own database: importing modelsearch's SQLite
module registers its FTS model, and on PostgreSQL Django would then look for its
(missing) table when deleting any page.
"""

from __future__ import annotations

from django.db import connection
from modelsearch.backends.database import SearchBackend as _VendorBackend
from modelsearch.query import Fuzzy, Phrase, PlainText

from .analysis import dictionaries, index_text, normalize
from .analysis import segment as _segment


def segment_for_index(text: str) -> str:
    """Document text as the index should see it: normalised search-mode tokens, space-separated."""
    return index_text(text)


def segment_for_query(text: str) -> str:
    """What an editor typed, as tokens: normalised, accurate-mode segmented, stop words dropped
    (unless nothing else is left)."""
    tokens = _segment.cut(normalize(text or ""))
    stop = dictionaries().stopwords
    kept = [t for t in tokens if t not in stop] or tokens
    return " ".join(kept)


def analyse_query(query):
    """A PlainText, Phrase or Fuzzy query with its text analysed like the index; other
    query classes unchanged. ``None`` when no token is left (only punctuation, say)."""
    if not isinstance(query, (PlainText, Phrase, Fuzzy)):
        return query
    text = segment_for_query(query.query_string)
    if not text:
        return None
    if isinstance(query, PlainText):
        return PlainText(text, operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        return Phrase(text)
    return Fuzzy(text, operator=query.operator, unaccent=query.unaccent)


class ChineseQueryCompilerMixin:
    """Shared by the vendor query compilers.

    * ``is_blank``: the query has nothing to search for once analysed; the vendor
      compilers then return no results (modelsearch would crash on the empty query).
    * ``fields`` is dropped: the whole (segmented) index entry is searched even when
      the caller names fields. Wagtail's snippet listings pass the viewset's
      ``search_fields`` (for example ``["name"]``); modelsearch then searches those
      model columns directly — raw, unsegmented text on PostgreSQL, and a non-existent
      FTS5 column on SQLite ("no such column: name"). The index entry holds an
      object's text by title/body/autocomplete, not per field, so the requested fields
      cannot be honoured exactly; the whole entry is the closest that finds Chinese.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = None

    @property
    def is_blank(self) -> bool:
        return analyse_query(self.query) is None


def SearchBackend(params):
    """The Chinese-aware backend for the default database's vendor."""
    if connection.vendor == "postgresql":
        from . import admin_backend_postgres

        return admin_backend_postgres.ChinesePostgresSearchBackend(params)
    backend = _VendorBackend(params)
    if connection.vendor != "sqlite":
        return backend
    from . import admin_backend_sqlite

    # modelsearch falls back to a plain LIKE backend when FTS5 is missing; keep that.
    if isinstance(backend, admin_backend_sqlite._sqlite.SQLiteSearchBackend):
        return admin_backend_sqlite.ChineseSQLiteSearchBackend(params)
    return backend
