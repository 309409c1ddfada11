"""The public search page and the JSON API.

Neither ever answers 500 for a query: parameters are validated (400 with a Chinese
message), the query text is analysed into quoted tokens (no FTS syntax reaches an
engine), and an unexpected engine error is logged and shown as "search is
temporarily unavailable" (503) rather than as an error page.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from anxin.api.errors import api_error
from anxin.cache import pages as page_cache

from . import registry
from .engines.base import EngineUnavailable
from .highlight import best_snippet, highlight
from .index import PAGE_SCOPE
from .index import search as run_search
from .params import MAX_QUERY_STRING_BYTES, BadParameter, parse_query
from .query import SearchQuery, SearchResults
from .registry import crisis_hotlines, dial_href, facet_labels

logger = logging.getLogger("search")

#: Shown when a query has crisis intent and no app registered hotlines yet.
FALLBACK_HOTLINES = [
    {
        "name": gettext_lazy("全国统一心理援助热线"),
        "number": "12356",
        "tel": "12356",
        "href": "tel:12356",
        "hours": "",
        "is_24h": False,
    }
]


def hotlines_for(request) -> list[dict]:
    lines = crisis_hotlines(request)
    if not lines:
        lines = [{**line, "name": str(line["name"])} for line in FALLBACK_HOTLINES]
    return lines


def _execute(query: SearchQuery) -> tuple[SearchResults | None, bool]:
    """(results, unavailable)."""
    try:
        return run_search(query), False
    except EngineUnavailable:
        pass  # logged once per process by search.index (search.health)
    except Exception:
        logger.exception("search failed for %r", query.q[:200])
    return None, True


def _phones(phones: list[dict]) -> list[dict]:
    out = []
    for p in phones or []:
        number = str(p.get("number", ""))
        href = dial_href(p)
        out.append(
            {"number": number, "label": str(p.get("label", "") or ""), "tel": href.removeprefix("tel:"), "href": href}
        )
    return out


# -- JSON API ----------------------------------------------------------------


def api_search(request):
    page_cache.depends_on_listings(request)
    page_cache.depends_on(request, PAGE_SCOPE)
    if request.method not in ("GET", "HEAD"):
        response = api_error(405, _("只支持 GET 请求。"))
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING_BYTES:
        return api_error(
            414,
            _("请求地址太长了（查询部分最多 %(max)d 字节），请缩短搜索内容或减少筛选条件。")
            % {"max": MAX_QUERY_STRING_BYTES},
        )
    try:
        query = parse_query(request.GET, strict=True)
    except BadParameter as exc:
        return api_error(400, exc.message, exc.parameter)
    results, unavailable = _execute(query)
    if unavailable:
        return api_error(503, _("搜索暂时不可用，请稍后再试。"), code="search_unavailable")
    words = query.plan.highlight_words()
    facets = {}
    for name, values in results.facets.items():
        labels = facet_labels(name, [v for v, _n in values])
        facets[name] = [{"value": v, "label": labels.get(v, v), "count": n} for v, n in values]
    data = {
        "query": query.q,
        "crisis": results.crisis,
        "hotlines": hotlines_for(request) if results.crisis else [],
        "total": results.total,
        "total_relation": results.total_relation,
        "page": query.page,
        "per_page": query.per_page,
        "num_pages": results.num_pages,
        "counts": {k: results.kind_counts.get(k, 0) for k in registry.kind_names()},
        "facets": facets,
        "engine": results.engine,
        "searched_as": results.searched_as,
        "results": [
            {
                "id": hit.id,
                "kind": hit.kind,
                "title": hit.title,
                "url": hit.url,
                "summary": hit.summary,
                "highlight": {
                    "title": str(highlight(hit.title, words)),
                    "snippet": str(best_snippet([hit.summary, hit.body], words)),
                },
                "phones": _phones(hit.phones),
                "distance_km": round(hit.distance_km, 3) if hit.distance_km is not None else None,
                "location": {"lat": hit.location[0], "lng": hit.location[1]} if hit.location else None,
                "date": hit.date,
                "audiences": hit.audiences,
                "topics": hit.topics,
                "areas": hit.areas,
                "payload": hit.payload,
                "partial": hit.partial,
                "reason": hit.reason,
            }
            for hit in results.hits
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    if results.crisis:  # otherwise the API convention's public caching (anxin/api/middleware.py)
        response["Cache-Control"] = "no-store"
    return response


# -- the page ----------------------------------------------------------------


def _url(params: dict, **changes) -> str:
    merged = {k: list(v) for k, v in params.items()}
    for key, value in changes.items():
        if value is None or value == []:
            merged.pop(key, None)
        else:
            merged[key] = value if isinstance(value, list) else [value]
    merged.pop("page", None) if "page" not in changes else None
    pairs = [(k, v) for k, vs in merged.items() for v in vs if v != ""]
    return "?" + urlencode(pairs) if pairs else "?"


def _state(query: SearchQuery) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    if query.q:
        state["q"] = [query.q[:500]]
    if query.kind:
        state["kind"] = [query.kind]
    for name, values in query.filters.items():
        state[name] = list(values)
    if query.near:
        state["near"] = [f"{query.near[0]:.5f},{query.near[1]:.5f}"]
    if query.radius_km:
        state["radius"] = [f"{query.radius_km:g}"]
    return state


def _page_context(request, query: SearchQuery, results: SearchResults) -> dict:
    state = _state(query)
    words = (results.query if results.searched_as else query).plan.highlight_words()
    kinds = registry.kinds()
    all_count = sum(results.kind_counts.get(k.name, 0) for k in kinds)
    tabs = [
        {
            "key": "",
            "label": _("全部"),
            "count": all_count,
            "url": _url(state, kind=None),
            "active": query.kind is None,
        }
    ]
    for kind in kinds:
        tabs.append(
            {
                "key": kind.name,
                "label": kind.label,
                "count": results.kind_counts.get(kind.name, 0),
                "url": _url(state, kind=kind.name),
                "active": query.kind == kind.name,
            }
        )
    kind_labels = {k.name: k.label for k in kinds}
    facet_groups = []
    for name, facet in registry.facets().items():
        values = results.facets.get(name) or []
        selected = query.filters.get(name, [])
        labels = facet_labels(name, [v for v, _n in values] + selected)
        hierarchy = facet.hierarchy
        items = []
        for value in selected:
            if hierarchy is not None:  # one level up
                parent = hierarchy.parent(value)
                url = _url(state, **{name: [parent] if parent else None})
            else:
                url = _url(state, **{name: [v for v in selected if v != value]})
            items.append({"label": labels.get(value, value), "count": None, "url": url, "selected": True})
        for value, count in values:
            if value in selected:
                continue
            url = _url(state, **{name: [value] if hierarchy is not None else [*selected, value]})
            items.append({"label": labels.get(value, value), "count": count, "url": url, "selected": False})
        if items:
            facet_groups.append({"name": name, "title": facet.label, "items": items[:20]})
    hits = []
    for i, hit in enumerate(results.hits):
        previous = results.hits[i - 1] if i else None
        hits.append(
            {
                "hit": hit,
                # the first partial match gets the divider above it
                "first_partial": hit.partial and (previous is None or not previous.partial),
                # the first hit found through the query's intent gets the reason above it
                "reason_heading": (hit.reason or {}).get("text")
                if hit.reason and (previous is None or previous.reason != hit.reason)
                else "",
                "kind_label": kind_labels.get(hit.kind, hit.kind),
                "title_html": highlight(hit.title, words),
                "snippet_html": best_snippet([hit.summary, hit.body], words),
                "phones": _phones(hit.phones),
                "distance": f"{hit.distance_km:.1f}" if hit.distance_km is not None else None,
            }
        )
    pages = None
    if results.num_pages > 1:
        pages = {
            "current": query.page,
            "count": results.num_pages,
            "previous": _url(state, page=str(query.page - 1)) if query.page > 1 else None,
            "next": _url(state, page=str(query.page + 1)) if query.page < results.num_pages else None,
        }
    selected_facets = sum(len(values) for values in query.filters.values())
    return {
        "tabs": tabs,
        "facet_groups": facet_groups,
        "active_kind": query.kind is not None,
        "selected_facets": selected_facets,
        "selected_count": selected_facets + (1 if query.kind is not None else 0),
        "hits": hits,
        "pages": pages,
        "clear_location_url": _url(state, near=None, radius=None),
    }


def box_label() -> str:
    """搜索文章、服务机构、活动和心理测评: the registered kinds' labels, in tab order."""
    labels = [str(kind.label) for kind in registry.kinds()]
    if len(labels) < 2:
        return _("搜索%(kinds)s") % {"kinds": "".join(labels)}
    return _("搜索%(kinds)s和%(last)s") % {"kinds": "、".join(labels[:-1]), "last": labels[-1]}


@require_GET
def search_page(request):
    page_cache.depends_on_listings(request)
    page_cache.depends_on(request, PAGE_SCOPE)
    base = select_template(["base.html", "search/fallback_base.html"]).template.name
    context = {
        "base_template": base,
        "q": "",
        "error": None,
        "results": None,
        "searched": False,
        "box_label": box_label(),
    }
    status = 200
    try:
        query = parse_query(request.GET, allow_per_page=False)
    except BadParameter as exc:
        context["error"] = exc.message
        context["q"] = request.GET.get("q", "")[:500]
        return render(request, "search/search.html", context, status=400)
    context["q"] = query.q[:500]
    context["query"] = query
    context["crisis"] = query.plan.crisis
    if query.plan.crisis:
        context["hotlines"] = hotlines_for(request)
    context["near"] = f"{query.near[0]:.5f},{query.near[1]:.5f}" if query.near else ""
    context["truncated_q"] = len(query.q) > 200
    if query.is_browsable:
        results, unavailable = _execute(query)
        if unavailable:
            context["error"] = _("搜索暂时不可用，请稍后再试。")
            status = 503
        else:
            context["searched"] = True
            context["results"] = results
            context.update(_page_context(request, query, results))
    response = render(request, "search/search.html", context, status=status)
    response["Cache-Control"] = "no-store" if query.plan.crisis else "public, max-age=60"
    return response
