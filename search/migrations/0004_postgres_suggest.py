"""The PostgreSQL engine's suggestion keys (search.engines.postgres.suggest): PostgreSQL only.

One row per (document, term, key); ``key`` in the "C" collation so a typed prefix is
one B-tree range, read in (key, rank) order. Fill it with ``manage.py search_reindex``.
"""

from django.db import migrations

CREATE = [
    """CREATE TABLE IF NOT EXISTS search_pg_suggest (
        doc_id text NOT NULL,
        field text NOT NULL,
        kind text NOT NULL,
        term text NOT NULL,
        url text NOT NULL DEFAULT '',
        key text COLLATE "C" NOT NULL,
        rank integer NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS search_pg_suggest_key ON search_pg_suggest (key, rank)",
    "CREATE INDEX IF NOT EXISTS search_pg_suggest_doc ON search_pg_suggest (doc_id)",
]
DROP = ["DROP TABLE IF EXISTS search_pg_suggest"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_search_partitions")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
