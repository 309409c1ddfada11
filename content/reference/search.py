"""What the reference data gives the search layer: the audience facet, and the area
facet with its hierarchy of China's statistical division codes.

The search core knows no code scheme: it asks :class:`AreaHierarchy` for a code's
level, parent, position and subtree (see ``search.kinds.Hierarchy``). Documents carry
the significant prefix of their area and of every ancestor ("31", "3101", "310114",
"310114102" — ``ancestor_prefixes``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from search.kinds import Facet, Hierarchy

from .models import LEVEL_DIGITS

CODE_DIGITS = LEVEL_DIGITS[max(LEVEL_DIGITS)]  # 12


class AreaHierarchy(Hierarchy):
    """Significant prefixes of 12-digit codes. Any 2–12 digit prefix filters (its
    subtree is every code starting with it); facet values are the level prefixes.
    Positions are the codes padded to 12 digits, so a subtree is one range."""

    max_position = 10**CODE_DIGITS
    pattern = rf"^[0-9]{{2,{CODE_DIGITS}}}$"

    def valid(self, value: str) -> bool:
        value = value or ""
        return value.isascii() and value.isdigit() and 2 <= len(value) <= CODE_DIGITS

    def depth(self, value: str) -> int:
        return len(value)

    def parent(self, value: str) -> str | None:
        """One level up: a village's township (9 digits), a township's county (6) …"""
        parent = value[:-3] if len(value) > 6 else value[:-2]
        return parent if len(parent) >= 2 else None

    def position(self, value: str) -> int | None:
        value = (value or "").strip()
        if not value.isascii() or not value.isdigit() or len(value) > CODE_DIGITS:
            return None
        return int(value.ljust(CODE_DIGITS, "0"))

    def span(self, value: str) -> tuple[int, int] | None:
        if self.position(value) is None:
            return None
        return int(value.ljust(CODE_DIGITS, "0")), int(value.ljust(CODE_DIGITS, "9"))

    def contains(self, ancestor: str, value: str) -> bool:
        return value.startswith(ancestor)


AUDIENCE = Facet("audience", _("适合人群"), attr="audiences", help=_("适合人群（slug，可重复，任一匹配）"))
AREA = Facet(
    "area",
    _("地区"),
    attr="areas",
    hierarchy=AreaHierarchy(),
    help=_("行政区划代码（2–12 位，包含下级地区，可重复）"),
    invalid=_("地区应是 2 到 12 位数字的行政区划代码，例如 310114。"),
    size=50,
)


def audience_labels(slugs):
    from .models import Audience

    return dict(Audience.objects.filter(slug__in=list(slugs)).values_list("slug", "name"))


def audience_choices():
    from .models import Audience

    return list(Audience.objects.order_by("sort_order", "name").values_list("slug", "name"))


def area_labels(prefixes):
    """Facet values are significant code prefixes ("310114", "310114102")."""
    from .models import AdminArea

    wanted = {p.ljust(CODE_DIGITS, "0"): p for p in prefixes if p.isdigit() and len(p) <= CODE_DIGITS}
    return {wanted[code]: name for code, name in AdminArea.objects.filter(code__in=wanted).values_list("code", "name")}
