"""Settings package.

- ``base``: everything, driven by environment variables; safe defaults for a
  laptop (SQLite file, embedded search engine, no other server).
- ``dev``: the demo / development profile (DEBUG on unless told otherwise).
- ``production``: refuses to start without a secret key and allowed hosts.
- ``test``: fast defaults for the test suite.
"""
