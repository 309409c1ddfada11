"""The Chinese-aware SQLite FTS5 classes behind ``search.admin_backend``.

Imported only on SQLite: importing modelsearch's SQLite module registers its FTS
models, and on PostgreSQL Django would then look for their (missing) tables when
deleting any page.
"""

from __future__ import annotations

from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite import sqlite as _sqlite
from modelsearch.utils import get_content_type_pk

from .admin_backend import ChineseQueryCompilerMixin, analyse_query, segment_for_index


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
        ids_and_data = {indexer.id: (indexer.title, indexer.autocomplete, indexer.body) for indexer in indexers}
        index_entries_for_ct = self.entries.filter(content_type_id=content_type_pk)
        indexed_ids = frozenset(
            index_entries_for_ct.filter(object_id__in=ids_and_data.keys()).values_list("object_id", flat=True)
        )
        for indexed_id in indexed_ids:
            title, autocomplete, body = ids_and_data[indexed_id]
            index_entries_for_ct.filter(object_id=indexed_id).update(title=title, autocomplete=autocomplete, body=body)
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


class _ChineseQueryMixin(ChineseQueryCompilerMixin):
    def build_search_query_content(self, query, config=None):
        # And/Or/Not/Boost recurse through here, so every leaf gets analysed.
        return super().build_search_query_content(analyse_query(query) or query, config=config)

    def search(self, config, start, stop, score_field=None):
        if self.is_blank:
            return self.queryset.none()
        return super().search(config, start, stop, score_field=score_field)


class ChineseSQLiteQueryCompiler(_ChineseQueryMixin, _sqlite.SQLiteSearchQueryCompiler):
    pass


class ChineseSQLiteAutocompleteQueryCompiler(_ChineseQueryMixin, _sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class ChineseSQLiteSearchBackend(_sqlite.SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
    index_class = ChineseSQLiteIndex
