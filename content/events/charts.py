"""Accessible SVG charts drawn on the server: no chart library, no JavaScript.

Each chart is ``role="img"`` with a <title> and <desc> (referenced by
aria-labelledby), prints every value as text beside its bar (colour is never the only
cue), and is shown next to a data table holding the same figures.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 720
LABEL_WIDTH = 220
VALUE_WIDTH = 90
ROW_HEIGHT = 28
BAR_HEIGHT = 18
BAR_COLOUR = "#1f5f8b"
TARGET_COLOUR = "#d8e4ec"


def bar_chart(chart_id: str, title: str, description: str, rows: list[tuple[str, int]]) -> SafeString:
    """A horizontal bar chart of ``rows`` [(label, value)], scaled to the largest value."""
    height = max(1, len(rows)) * ROW_HEIGHT + 10
    largest = max((value for _label, value in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = format_html_join(
        "",
        '<g><text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="13">{}</text></g>',
        (
            (
                LABEL_WIDTH - 8,
                index * ROW_HEIGHT + 19,
                label,
                LABEL_WIDTH,
                index * ROW_HEIGHT + 5,
                round(span * value / largest, 1),
                BAR_HEIGHT,
                BAR_COLOUR,
                LABEL_WIDTH + round(span * value / largest, 1) + 6,
                index * ROW_HEIGHT + 19,
                f"{value:,}",
            )
            for index, (label, value) in enumerate(rows)
        ),
    )
    if not rows:
        bars = format_html('<text x="10" y="20" font-size="13">{}</text>', _("此范围内没有数据"))
    return format_html(
        '<svg class="events-chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{bars}</svg>',
        id=chart_id,
        w=WIDTH,
        h=height,
        title=title,
        desc=description,
        bars=bars,
    )


def describe(rows: list[tuple[str, int]], unit: str) -> str:
    """A plain-language summary for <desc>: every value, in order."""
    if not rows:
        return _("没有数据。")
    return "；".join(f"{label}：{value:,} {unit}" for label, value in rows) + "。"


def progress_bars(chart_id: str, title: str, items: list[tuple[str, int, int | None]]) -> SafeString:
    """Progress against targets: [(label, value, target)]; bars show the share of the target
    (capped at the frame), the text gives value / target and the percentage."""
    rows = [(label, value, target) for label, value, target in items if target]
    height = max(1, len(rows)) * ROW_HEIGHT + 10
    span = WIDTH - LABEL_WIDTH - 230
    parts = []
    descriptions = []
    for index, (label, value, target) in enumerate(rows):
        percent = round(100 * value / target)
        filled = round(span * min(value, target) / target, 1)
        status = _("已完成") if value >= target else _("未完成")
        y = index * ROW_HEIGHT
        parts.append(
            format_html(
                '<g><text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#8aa5b8"></rect>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" font-size="13">{} / {}（{}%，{}）</text></g>',
                LABEL_WIDTH - 8,
                y + 19,
                label,
                LABEL_WIDTH,
                y + 5,
                span,
                BAR_HEIGHT,
                TARGET_COLOUR,
                LABEL_WIDTH,
                y + 5,
                filled,
                BAR_HEIGHT,
                BAR_COLOUR,
                LABEL_WIDTH + span + 6,
                y + 19,
                f"{value:,}",
                f"{target:,}",
                percent,
                status,
            )
        )
        descriptions.append(f"{label}：{value:,} / {target:,}（{percent}%，{status}）")
    if not rows:
        parts.append(format_html('<text x="10" y="20" font-size="13">{}</text>', _("未设定目标")))
    description = "；".join(descriptions) or _("未设定目标。")
    return format_html(
        '<svg class="events-chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{bars}</svg>',
        id=chart_id,
        w=WIDTH,
        h=height,
        title=title,
        desc=description,
        bars=mark_safe("".join(parts)),
    )
