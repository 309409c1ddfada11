"""Anxin's search layer.

Content apps hand it plain :class:`search.documents.SearchDocument` objects; it
never imports a content model. See docs/architecture.md, "Search".
"""
