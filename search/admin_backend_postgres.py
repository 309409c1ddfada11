"""The Chinese-aware PostgreSQL classes behind ``search.admin_backend``.

modelsearch's PostgreSQL backend stores ``to_tsvector(config, text)`` and matches it
with ``to_tsquery``. PostgreSQL's parser has no idea where Chinese words end, so
我最近总是失眠 becomes the single lexeme '我最近总是失眠'. Here the text is segmented
first (``search.analysis``: NFKC, traditional → simplified, rjieba search mode) and
handed to PostgreSQL as space-separated tokens under the ``simple`` config, which
only lower-cases: no stemming, no stop words, nothing dropped. Queries are analysed
the same way, so 失眠 / 失眠 / 焦慮 become the lexemes the index holds.

Imported only on PostgreSQL (see ``search.admin_backend``). Written against
modelsearch 1.3 (``modelsearch.backends.database.postgres.postgres``).
"""

from __future__ import annotations

from django.utils.encoding import force_str
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres import postgres as _pg
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import Fuzzy
from modelsearch.utils import get_content_type_pk

from .admin_backend import ChineseQueryCompilerMixin, analyse_query, segment_for_index

#: The text search config for both the index and the queries. Segmentation already
#: happened in Python; PostgreSQL only has to split on the spaces we put in.
TEXT_SEARCH_CONFIG = "simple"


class ChineseObjectIndexer(_pg.ObjectIndexer):
    def __init__(self, obj, backend):
        super().__init__(obj, backend)
        # modelsearch extracts the fields once per column (title, body, autocomplete,
        # and the two plain-text columns); segment each distinct string only once.
        self._segmented: dict[str, str] = {}

    def prepare_value(self, value):
        if isinstance(value, (list, dict)):
            return super().prepare_value(value)  # joins the items, each prepared here
        text = value if isinstance(value, str) else force_str(value)
        segmented = self._segmented.get(text)
        if segmented is None:
            segmented = self._segmented[text] = segment_for_index(text)
        return segmented

    @cached_property
    def autocomplete(self):
        # Wagtail's admin page and snippet search run an *autocomplete* query, which
        # normally sees only AutocompleteFields (the title). Words are whole tokens
        # here, so the searchable text (title and body, with their weights) goes into
        # the autocomplete vector too: an editor typing 失眠 finds the page whose body
        # says 我最近总是失眠. Same choice as the SQLite backend.
        texts = []
        for field in self.search_fields:
            for current_field, weight, value in self.prepare_field(self.obj, field):
                if isinstance(current_field, (AutocompleteField, SearchField)):
                    texts.append((value, weight))
        return self.as_vector(texts, for_autocomplete=True)


class ChinesePostgresIndex(_pg.PostgresIndex):
    def add_items(self, model, objs):
        # Same as modelsearch's PostgresIndex.add_items, with the Chinese indexer.
        search_fields = model.get_search_fields()
        if not search_fields:
            return
        indexers = [ChineseObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return

        IndexEntry = _pg.IndexEntry
        content_type_pk = get_content_type_pk(model)
        compiler = _pg.InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows_sql = []
        data_params = []
        for indexer in indexers:
            data_params.extend((content_type_pk, indexer.id))
            vectors_sql = []
            for column, vector in (
                ("title", indexer.title),
                ("autocomplete", indexer.autocomplete),
                ("body", indexer.body),
            ):
                value = compiler.prepare_value(IndexEntry._meta.get_field(column), vector)
                sql, params = value.as_sql(compiler, self.write_connection)
                vectors_sql.append(sql)
                data_params.extend(params)
            data_params.extend((indexer.title_text, indexer.body_text))
            rows_sql.append(f"(%s, %s, {', '.join(vectors_sql)}, 1.0, %s, %s)")

        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {IndexEntry._meta.db_table}
                    (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows_sql)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,
                data_params,
            )
        self._refresh_title_norms()


class _ChineseQueryMixin(ChineseQueryCompilerMixin):
    def build_tsquery_content(self, query, config=None, invert=False):
        # And/Or/Not/Boost recurse through here, so every leaf gets analysed. A leaf
        # with no tokens keeps its text: PostgreSQL finds no lexeme in it either.
        return super().build_tsquery_content(analyse_query(query) or query, config=config, invert=invert)

    def search(self, config, start, stop, score_field=None, backend=None):
        if self.is_blank:
            return self.queryset.none()
        if isinstance(self.query, Fuzzy):
            # Fuzzy search compares trigrams against the segmented plain-text columns.
            self.query = analyse_query(self.query)
        return super().search(config, start, stop, score_field=score_field, backend=backend)


class ChinesePostgresSearchQueryCompiler(_ChineseQueryMixin, _pg.PostgresSearchQueryCompiler):
    pass


class ChinesePostgresAutocompleteQueryCompiler(_ChineseQueryMixin, _pg.PostgresAutocompleteQueryCompiler):
    pass


class ChinesePostgresSearchBackend(_pg.PostgresSearchBackend):
    query_compiler_class = ChinesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex

    def __init__(self, params):
        super().__init__(params)
        # The stock backend uses the database's default config (usually 'english',
        # which stems Latin words) for full-text search and 'simple' for autocomplete.
        # Our tokens are already analysed, so both use 'simple'.
        self.config = params.get("SEARCH_CONFIG") or TEXT_SEARCH_CONFIG
        self.autocomplete_config = TEXT_SEARCH_CONFIG
