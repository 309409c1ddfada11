"""Reading back the QR codes the print pages draw (inline SVG made by segno).

``qr_modules(html)`` turns the first ``<svg class="qr-code">`` of a page back into its
dark modules, from the path alone; ``encodes(html, url)`` says whether they are the
modules of ``url`` encoded afresh with segno (any error level, so the check does not
repeat the code's own choice of one).
"""

from __future__ import annotations

import re

import segno

SVG = re.compile(r'<svg[^>]*class="qr-code"[^>]*>.*?</svg>', re.S)
PATH_D = re.compile(r'\sd="([^"]+)"')
STEP = re.compile(r"([Mmh])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?")


def qr_svgs(html: str) -> list[str]:
    return SVG.findall(html)


def qr_modules(html: str) -> set[tuple[int, int]]:
    """The dark modules (row, column) drawn by the page's first QR code SVG."""
    svgs = qr_svgs(html)
    assert svgs, "no QR code SVG on the page"
    d = PATH_D.search(svgs[0]).group(1)
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for command, first, second in STEP.findall(d):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:  # h: a run of dark modules on row y - 0.5
            length = float(first)
            for column in range(int(x), int(x + length)):
                dark.add((int(y - 0.5), column))
            x += length
    return dark


def modules_of(url: str, error: str) -> set[tuple[int, int]]:
    qr = segno.make(url, error=error, micro=False, boost_error=False)
    border = 4
    return {
        (row + border, column + border)
        for row, line in enumerate(qr.matrix)
        for column, value in enumerate(line)
        if value
    }


def encodes(html: str, url: str) -> bool:
    drawn = qr_modules(html)
    return any(drawn == modules_of(url, error) for error in "lmqh")
