"""Print to phone (issue 17 point 9): A4 pages that health commissions hand out and put
on walls — one per entry, one per township (its rooms and the hotlines) and the hotline
poster. Each carries a QR code of the public page (drawn by the template on the public
host, ``{% qr_code %}``) and the date printed; the print CSS is themes' print.css.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from anxin.cache import pages as page_cache
from content.reference.models import AdminArea, AdminAreaLevel
from search.registry import crisis_hotlines

from .counts import SCOPE
from .models import REMOTE_KINDS, ServiceKind
from .models.service_point import upper_bound
from .opening import opening_state, weekly_table
from .queries import hotlines, public_service_points, with_display_relations
from .views import get_public_or_404

#: A township sheet lists at most this many entries (a township has tens of rooms).
MAX_AREA_ENTRIES = 60


def wall_hotlines(request, area: AdminArea | None = None) -> list[dict]:
    """The lines a wall should show: the crisis strip's (site settings), then the public
    24-hour hotline entries — national ones and, with ``area``, those of the area, its
    ancestors and its descendants — each number once."""
    lines = [
        {"name": line["name"], "phones": [("", line["number"])], "hours": line["hours"], "is_24h": line["is_24h"]}
        for line in crisis_hotlines(request)
    ]
    seen = {number for line in lines for _label, number in line["phones"]}
    entries = hotlines().filter(is_24_7=True)
    if area is not None:
        entries = entries.filter(
            Q(area_code="")
            | Q(area_code__in=area.ancestor_codes())
            | Q(area_code__gte=area.prefix, area_code__lt=upper_bound(area.prefix))
        )
    for sp in entries:
        phones = [(phone.label, phone.number) for phone in sp.phones.all()]
        if not phones or any(number in seen for _label, number in phones):
            continue
        seen.update(number for _label, number in phones)
        lines.append({"name": sp.name, "phones": phones, "hours": sp.hours_note, "is_24h": True})
    return lines


@require_safe
def service_print(request, pk: int):
    service = get_public_or_404(pk)
    page_cache.depends_on(request, SCOPE)
    return render(
        request,
        "directory/print/service.html",
        {
            "service": service,
            "state": opening_state(service),
            "weekly": weekly_table(service),
            "public_path": service.get_url(),
        },
    )


@require_safe
def area_print(request, code: str):
    area = AdminArea.objects.filter(code=code, level=AdminAreaLevel.TOWNSHIP).first()
    if area is None:
        raise Http404(_("没有找到这个镇/街道。"))
    rooms_first = Case(
        When(kind=ServiceKind.CONSULTATION_ROOM, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    entries = (
        public_service_points()
        .in_area(area.code)
        .exclude(kind__in=REMOTE_KINDS)
        .annotate(rooms_first=rooms_first)
        .order_by("rooms_first", "area_code", "name", "id")
    )
    entries = list(with_display_relations(entries)[: MAX_AREA_ENTRIES + 1])
    page_cache.depends_on(request, SCOPE)
    county = area.code[:6].ljust(12, "0")
    return render(
        request,
        "directory/print/area.html",
        {
            "area": area,
            "entries": entries[:MAX_AREA_ENTRIES],
            "more_entries": len(entries) > MAX_AREA_ENTRIES,
            "hotlines": wall_hotlines(request, area),
            "public_path": reverse("directory:home") + "?" + urlencode({"county": county, "township": area.code}),
        },
    )


@require_safe
def hotline_poster(request):
    page_cache.depends_on(request, SCOPE)
    return render(
        request,
        "directory/print/poster.html",
        {"hotlines": wall_hotlines(request), "public_path": reverse("directory:hotlines")},
    )
