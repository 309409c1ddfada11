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
from django.utils.functional import cached_property
from modelsearch.backends.database import SearchBackend as _VendorBackend
from modelsearch.backends.database.sqlite import sqlite as _sqlite
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from .analysis import dictionaries, index_text, normalize
from .analysis import segment as _segment


def segment_for_index(text: str) -> str:
    return index_text(text)


def segment_for_query(text: str) -> str:
    tokens = _segment.cut(normalize(text or ""))
    stop = dictionaries().stopwords
    kept = [t for t in tokens if t not in stop] or tokens
    return " ".join(kept)


class ChineseObjectIndexer(_sqlite.ObjectIndexer):
    def prepare_value(self, value):
        if isinstance(value, str):
            return segment_for_index(value)
        return super().prepare_value(value)

    @cached_property
    def autocomplete(self):
        # Wagtail's admin page search runs an *autocomplete* query, which normally sees
        # only AutocompleteFields (the title). Words are already whole tokens here, so
        # the searchable text (title and body) goes into the autocomplete column too:
        # an editor typing 失眠 finds the page whose body says 我最近总是失眠.
        parts = [_sqlite.ObjectIndexer.autocomplete.func(self), self.title, self.body]
        return " ".join(p for p in parts if p)


class ChineseSQLiteIndex(_sqlite.SQLiteIndex):
    def add_items(self, model, objs):
        # Same as modelsearch's SQLiteIndex.add_items, with the Chinese indexer.
        search_fields = model.get_search_fields()
        if not search_fields:
            return
        indexers = [ChineseObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        ids_and_data = {
            indexer.id: (indexer.title, indexer.autocomplete, indexer.body) for indexer in indexers
        }
        index_entries_for_ct = self.entries.filter(content_type_id=content_type_pk)
        indexed_ids = frozenset(
            index_entries_for_ct.filter(object_id__in=ids_and_data.keys()).values_list("object_id", flat=True)
        )
        for indexed_id in indexed_ids:
            title, autocomplete, body = ids_and_data[indexed_id]
            index_entries_for_ct.filter(object_id=indexed_id).update(
                title=title, autocomplete=autocomplete, body=body
            )
        to_be_created = []
        for object_id, (title, autocomplete, body) in ids_and_data.items():
            if object_id not in indexed_ids:
                to_be_created.append(
                    _sqlite.IndexEntry(
                        content_type_id=content_type_pk,
                        object_id=object_id,
                        title=title,
                        autocomplete=autocomplete,
                        body=body,
                    )
                )
        self.entries.bulk_create(to_be_created)
        self._refresh_title_norms()


class _ChineseQueryMixin:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            query = PlainText(segment_for_query(query.query_string), operator=query.operator, boost=query.boost)
        elif isinstance(query, Phrase):
            query = Phrase(segment_for_query(query.query_string))
        return super().build_search_query_content(query, config=config)


class ChineseSQLiteQueryCompiler(_ChineseQueryMixin, _sqlite.SQLiteSearchQueryCompiler):
    pass


class ChineseSQLiteAutocompleteQueryCompiler(_ChineseQueryMixin, _sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class ChineseSQLiteSearchBackend(_sqlite.SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
    index_class = ChineseSQLiteIndex


def SearchBackend(params):
    """Chinese-aware SQLite FTS5 backend on SQLite; the vendor's own backend elsewhere."""
    if connection.vendor == "sqlite":
        backend = _VendorBackend(params)
        if isinstance(backend, _sqlite.SQLiteSearchBackend):
            return ChineseSQLiteSearchBackend(params)
        return backend
    return _VendorBackend(params)
