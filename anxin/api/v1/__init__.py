"""Our own JSON endpoints under /api/v1 for partners (the 心嚟在线 mini-program): the
hotlines with one-tap ``tel:`` links, campaigns with their progress, and stateless
self-check scoring. Wagtail's API v2 serves pages; these serve what the public pages
compute (opening state, reach totals, scores) in the same way the pages do.

- ``hotlines.py`` — ``GET /api/v1/hotlines``
- ``campaigns.py`` — ``GET /api/v1/campaigns`` and ``/api/v1/campaigns/<slug-or-id>``
- ``selfcheck.py`` — ``POST /api/v1/selfcheck/<slug>/score`` (rate limited, ``ratelimit.py``)
- ``openapi.py`` — the OpenAPI 3.1 fragment describing them

Errors use the one shape of anxin/api/errors.py, messages in Chinese.
"""
