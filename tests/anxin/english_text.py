"""Find English UI text in an admin page: the shared rules of the client walk and the
browser pass (tests/anxin/test_admin_chinese.py, tests/e2e/test_admin_chinese.py).

What a user meets is checked: text nodes (screen-reader-only text and ``<template>``
contents included: they are read out or shown later), the attributes that are read or
shown (placeholder, title, aria-label, alt, tooltips, a button's "saving…" text) and the
label of a submit button. Scripts, styles, form values (the data being edited) and
comments are not UI text.

The allow-list is principled: names that stay in Latin letters in a Chinese interface
(brands, file formats, standards, keyboard keys, the English language's own name in the
language menu) and *data*: e-mail addresses, web addresses, file names, IANA time zones
and the words of the data the test site holds (usernames, file names, slugs…), which the
caller passes in. An English UI word is never allowed to make a test pass.
"""

from __future__ import annotations

import re
import zoneinfo
from html.parser import HTMLParser

# Names that are written in Latin letters in Chinese too.
BRANDS = {
    "Wagtail",  # the CMS's name (its logo, "Wagtail 8.0 编辑指南")
    "Anxin",  # the site's own name (安心 Anxin)
    "Django",
    "JavaScript",
    "Draftail",
}
FORMATS_AND_STANDARDS = {
    "API",
    "CSV",
    "XLSX",
    "HSDS",
    "JSON",
    "RSS",
    "URL",
    "HTML",
    "PDF",
    "DOCX",
    "ODT",
    "PPTX",
    "TXT",
    "ZIP",
    "EPUB",
    "SVG",
    "PNG",
    "JPEG",
    "JPG",
    "GIF",
    "WebP",
    "AVIF",
    "HEIC",
    "BMP",
    "ICO",
    "PHQ",  # PHQ-9, GAD-7, EPDS: the questionnaires' names
    "GAD",
    "EPDS",
    "ID",
    "NBS",  # the statistics bureau's division codes
    "KB",
    "MB",
    "GB",
    "px",
    "WGS",  # WGS-84 and GCJ-02: coordinate systems
    "GCJ",
    "ICP",  # ICP备案号: the Chinese site-registration number
    "Excel",
}
FORMATS_LOWER = {name.lower() for name in FORMATS_AND_STANDARDS}
# Keys as printed on the keyboard (the keyboard-shortcuts dialog).
KEYS = {"Ctrl", "Alt", "Shift", "Enter", "Esc", "Tab", "Cmd", "Option", "Del", "Backspace", "Space"}
# A language's own name in the language menu.
AUTONYMS = {"English"}

ALLOWED = BRANDS | FORMATS_AND_STANDARDS | KEYS | AUTONYMS

TEXT_ATTRIBUTES = {
    "placeholder",
    "title",
    "alt",
    "aria-label",
    "aria-description",
    "aria-placeholder",
    "aria-roledescription",
    "aria-valuetext",
    "data-w-tooltip-content-value",
    "data-w-progress-active-value",
    "data-focal-input-label",
}
SKIPPED_ELEMENTS = {"script", "style", "textarea", "code", "kbd", "samp"}  # code is not prose
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|(?<!\w)/[\w./?=&%-]*")
FILE_NAME = re.compile(r"[\w.-]+\.(?:[A-Za-z0-9]{2,5})\b")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
ALL_TIME_ZONES = zoneinfo.available_timezones()
MODEL_LABEL = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
TIME_ZONES = re.compile(
    "|".join(re.escape(name) for name in sorted(zoneinfo.available_timezones(), key=len, reverse=True) if "/" in name)
)


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []  # (where, text)
        self._stack: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value:
                self.pieces.append((f"<{tag} {name}>", value))
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset") and attributes.get("value"):
            self.pieces.append(("<input value>", attributes["value"]))
        if tag in VOID_ELEMENTS:
            return
        self._stack.append(tag)
        if tag in SKIPPED_ELEMENTS:
            self._skipping += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self._stack and self._stack[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag not in self._stack:
            return
        while self._stack:
            closed = self._stack.pop()
            if closed in SKIPPED_ELEMENTS:
                self._skipping -= 1
            if closed == tag:
                break

    def handle_data(self, data):
        if not self._skipping and data.strip():
            parent = self._stack[-1] if self._stack else "document"
            if parent == "option" and data.strip() in ALL_TIME_ZONES:
                return  # the time-zone menu lists IANA names: data
            self.pieces.append((f"<{parent}>", " ".join(data.split())))


def ui_texts(html: str) -> list[tuple[str, str]]:
    """(where, text) for every piece of UI text in an HTML document or fragment."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector.pieces


def english_words(text: str, data_words: frozenset[str] = frozenset()) -> list[str]:
    """The English words of ``text`` that are neither allowed names nor data."""
    text = EMAIL.sub(" ", text)
    text = WEB_ADDRESS.sub(" ", text)
    text = TIME_ZONES.sub(" ", text)
    text = FILE_NAME.sub(" ", text)
    text = MODEL_LABEL.sub(lambda m: " " if m.group(0) in _model_labels() else m.group(0), text)
    found = []
    for word in WORD.findall(text):
        bare = word.strip("'’")
        allowed = bare in ALLOWED or bare.lower() in FORMATS_LOWER
        if len(bare) < 2 or allowed or bare in data_words or bare.lower() in data_words:
            continue
        found.append(bare)
    return found


def _model_labels() -> set[str]:
    """``app_label.model``: the code names of page types (the page-types report)."""
    from django.apps import apps

    return {model._meta.label_lower for model in apps.get_models()}


def english_in_html(html: str, data_words: frozenset[str] = frozenset()) -> list[str]:
    """``where: text`` for each piece of UI text with English words in it."""
    findings = []
    for where, text in ui_texts(html):
        if english_words(text, data_words):
            findings.append(f"{where} {text[:160]}")
    return findings


def data_words_from(*values) -> frozenset[str]:
    """The Latin-letter words of data values (usernames, titles, file names, slugs…)."""
    words = set()
    for value in values:
        if value:
            words.update(word.lower() for word in WORD.findall(str(value)))
    return frozenset(words)
