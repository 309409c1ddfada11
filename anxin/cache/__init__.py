"""Caching that is correct with several processes: a SQLite-file cache backend for one
machine with no other server (``sqlite.SQLiteCache``), and named generation numbers
(``generations``) that tell every process when something it cached has changed."""
