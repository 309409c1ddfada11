"""Wagtail API v2 for partners (mini-program, 公众号, city portals): pages, images and
documents as JSON under /api/v2/. Only live, public content of the requested site.

- ``router.py``: the endpoints and their URL patterns;
- ``views.py``: the endpoint classes (what is public, errors in the one shape);
- ``filters.py``: the query parameters (audience, topic, format, area, campaign, dates);
- ``fields.py``: serializer fields (renditions, structured bodies, area paths …);
- ``sanitise.py``: rich text as HTML WeChat's ``rich-text`` component accepts;
- ``openapi.py``: the OpenAPI 3.1 fragment describing all of it.
"""
