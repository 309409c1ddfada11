"""Display preferences: 长辈模式 (elder mode) and text size, kept in one cookie.

The cookie holds only a mode name and an optional text-size step, e.g. ``elder``,
``standard``, ``elder+1`` or ``standard-1``: no account, nothing personal. The page
cache varies by the *normalised* value (``Display.key``), so there are at most
``len(MODES) * len(SIZE_STEPS)`` variants of each page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MODE_COOKIE = "anxin_mode"
MODE_COOKIE_MAX_AGE = 365 * 24 * 3600
MODES = ("standard", "elder")
SIZE_STEPS = (-1, 0, 1, 2)
_COOKIE_RE = re.compile(r"^(standard|elder)([+-][0-9])?$")


@dataclass(frozen=True)
class Display:
    mode: str = "standard"
    size: int = 0

    @property
    def elder(self) -> bool:
        return self.mode == "elder"

    @property
    def key(self) -> str:
        """The cookie value, and the page-cache variant."""
        return self.mode if self.size == 0 else f"{self.mode}{self.size:+d}"

    @property
    def html_class(self) -> str:
        classes = [f"mode-{self.mode}"]
        if self.size:
            classes.append(f"text-step-{'p' if self.size > 0 else 'm'}{abs(self.size)}")
        return " ".join(classes)

    @property
    def can_enlarge(self) -> bool:
        return self.size < SIZE_STEPS[-1]

    @property
    def can_shrink(self) -> bool:
        return self.size > SIZE_STEPS[0]

    def with_mode(self, mode: str) -> Display:
        return Display(mode if mode in MODES else self.mode, self.size)

    def with_size(self, size: int) -> Display:
        return Display(self.mode, min(max(size, SIZE_STEPS[0]), SIZE_STEPS[-1]))


def parse(raw: str | None) -> Display:
    """Tolerant: anything unexpected is the standard display."""
    match = _COOKIE_RE.match(raw or "")
    if not match:
        return Display()
    size = int(match.group(2)) if match.group(2) else 0
    return Display(match.group(1), 0).with_size(size)


def from_request(request) -> Display:
    cached = getattr(request, "_anxin_display", None)
    if cached is None:
        cached = parse(request.COOKIES.get(MODE_COOKIE))
        request._anxin_display = cached
    return cached
