"""Rich text as a sanitised HTML string for WeChat's ``rich-text`` component.

Wagtail's database HTML (``<a linktype="page" id="3">``) is expanded to display HTML,
then cleaned with nh3 (the Rust ``ammonia`` sanitiser): only the tags ``rich-text``
renders, no scripts, iframes, styles or event handlers, links only to http(s), tel and
mailto, and every relative URL made absolute against the site's root URL (a
mini-program has no "current page" to resolve ``/kepu/`` against).
"""

from __future__ import annotations

from urllib.parse import urljoin

import nh3
from wagtail.rich_text import expand_db_html

#: Tags WeChat's rich-text component supports (the safe subset of them).
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "li",
        "ol",
        "p",
        "q",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "*": {"class"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "tel", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src"})


def clean_html(html: str, base_url: str = "") -> str:
    """``html`` with nothing WeChat's rich-text cannot show or should not run; relative
    URLs made absolute against ``base_url`` (e.g. ``https://anxin.example/``)."""

    def absolute(tag: str, attribute: str, value: str) -> str | None:
        if attribute in URL_ATTRIBUTES:
            value = value.strip()
            if not value:
                return None
            if base_url and not value.startswith(("http://", "https://", "tel:", "mailto:", "#")):
                if value.startswith("//"):
                    return None  # another host, whatever scheme the reader happens to use
                value = urljoin(base_url, value)
        return value

    return nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=absolute,
        link_rel=None,
        strip_comments=True,
    )


SPLIT = "<!--anxin-split-->"


def expand_many(sources: list[str]) -> dict[str, str]:
    """Display HTML of many rich texts, their links looked up together (Wagtail reads the
    linked pages of one expand_db_html call in one go; one call per paragraph would read
    them once per paragraph)."""
    sources = [s for s in dict.fromkeys(sources) if s]
    if not sources:
        return {}
    expanded = expand_db_html(SPLIT.join(source.replace(SPLIT, "") for source in sources)).split(SPLIT)
    if len(expanded) != len(sources):  # a rewriter touched the separator: one by one
        expanded = [expand_db_html(source) for source in sources]
    return dict(zip(sources, expanded, strict=True))


def rich_text_html(source: str, base_url: str = "", expanded: dict[str, str] | None = None) -> str:
    """Database rich text (internal links by id) as clean, absolute display HTML;
    ``expanded``: display HTML already made by expand_many."""
    source = source or ""
    html = expanded[source] if expanded and source in expanded else expand_db_html(source)
    return clean_html(html, base_url)
