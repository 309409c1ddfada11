"""QR codes for the print pages, drawn on the server as inline SVG (segno): no script,
no image request, no third party. The SVG has a viewBox and no size, so the print CSS
sizes it in millimetres; it is one path of dark modules with the quiet zone around."""

from __future__ import annotations

from functools import lru_cache

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

#: Medium error correction (segno raises it when the version has room): survives a
#: crease or a smudge on a poster without making a short URL dense.
ERROR = "m"


@lru_cache(maxsize=2048)
def qr_svg(data: str, label: str = "") -> SafeString:
    """``<svg class="qr-code" role="img" aria-label=…>`` encoding ``data``. Encoding takes
    ~20 ms in pure Python and a URL's code never changes, so each process keeps the last
    2,048 it drew."""
    svg = segno.make(data, error=ERROR, micro=False).svg_inline(
        scale=1, omitsize=True, svgclass="qr-code", lineclass=None
    )
    attributes = format_html(' role="img" aria-label="{}"', label) if label else ""
    return mark_safe(svg.replace("<svg ", f"<svg{attributes} ", 1))
