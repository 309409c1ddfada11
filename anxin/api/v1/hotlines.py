"""``GET /api/v1/hotlines``: the site's hotlines as its public pages show them.

Two sources, one list: the crisis strip's lines (site settings, ``CrisisSettings``, the
same lines the strip, the search page and the self-check result show; ``crisis: true``)
and the directory's public hotline entries (what /fuwu/rexian/ lists; defunct and
unpublished entries never, temporarily closed ones with ``temporarily_closed``). Each
number appears once: a directory entry with a number the strip already shows lends the
strip's line its detail page instead of being listed again. 24-hour lines first, then
the strip's lines in their order, then the directory's in the hotlines page's order.

The opening state (``open_now``, ``hours``) is computed as the hotlines page computes it
(content/directory/opening.py); the cached copy expires when a state may change.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from anxin.cache import pages as page_cache
from content.directory.counts import SCOPE as DIRECTORY_SCOPE
from content.directory.opening import next_change, opening_state
from content.directory.queries import hotlines
from content.reference.phones import Phone
from search.registry import crisis_hotlines

from .common import absolute, json_response, method_not_allowed


def _phone(number: str, label: str = "") -> dict:
    phone = Phone(number, label)
    return {"number": phone.display, "label": label, "href": phone.href}


def _crisis_item(line: dict) -> dict:
    is_24h = bool(line.get("is_24h"))
    return {
        "name": line["name"],
        "crisis": True,
        "source": "crisis",
        "is_24h": is_24h,
        # the strip says when a line answers but keeps no schedule: open now is only
        # known for 24-hour lines
        "open_now": True if is_24h else None,
        "hours": line.get("hours") or (_("24小时") if is_24h else ""),
        "hours_note": "",
        "next_opening": "",
        "temporarily_closed": False,
        "illustrative": False,
        "phones": [_phone(line["number"])],
        "url": None,
        "area_code": None,
    }


def _entry_item(request, service) -> dict:
    state = opening_state(service)
    return {
        "name": service.name,
        "crisis": False,
        "source": "directory",
        "is_24h": bool(service.is_24_7),
        "open_now": state.is_open if state.known else None,
        "hours": state.label,
        "hours_note": "" if state.label_is_note else service.hours_note,
        "next_opening": state.next_opening,
        "temporarily_closed": state.closed_for_now,
        "illustrative": service.is_illustrative,
        "phones": [_phone(p.number, p.label) for p in service.phones.all()],
        "url": absolute(request, service.get_url()),
        "area_code": service.area_code or None,
    }


def hotline_items(request) -> list[dict]:
    """Every hotline the site shows, 24-hour lines first (see the module's docstring).
    Declares the directory scope and the next opening-state change to the page cache."""
    page_cache.depends_on(request, DIRECTORY_SCOPE)
    crisis = [_crisis_item(line) for line in crisis_hotlines(request)]
    by_number = {item["phones"][0]["number"]: item for item in crisis}
    entries = []
    for service in hotlines():
        numbers = [Phone(p.number).display for p in service.phones.all()]
        shown = [by_number[n] for n in numbers if n in by_number]
        if shown:
            for item in shown:
                item["url"] = item["url"] or absolute(request, service.get_url())
            continue
        page_cache.cache_until(request, next_change(service))
        entries.append(_entry_item(request, service))
    items = crisis + entries
    items.sort(key=lambda item: not item["is_24h"])  # stable: each source keeps its order
    return items


def hotlines_view(request):
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(("GET", "HEAD"))
    return json_response({"hotlines": hotline_items(request)})
