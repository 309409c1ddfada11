"""The site's JSON APIs share one convention (errors, caching headers, CORS, OpenAPI):
see docs/api.md."""
