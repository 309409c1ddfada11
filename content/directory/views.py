"""Public directory pages: the directory home with filters, a detail page per entry,
the "report a mistake" form and the hotlines page. All work without JavaScript.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from anxin.cache import pages as page_cache
from anxin.client import client_address
from content.readership import counting
from search.engines.base import EngineUnavailable

from .counts import SCOPE, cached_count
from .forms import CorrectionForm, DirectoryFilterForm
from .models import CorrectionReport
from .opening import local_now, next_change, open_now_q, opening_state, weekly_table
from .queries import (
    TEXT_MATCHES,
    hotlines,
    public_service_points,
    search_q,
    text_match_pks,
    with_display_relations,
)

PER_PAGE = 20
MAX_PAGE = 500
REPORTS_PER_HOUR = 5
#: The filters folded into the panel (its summary says how many are set).
FILTER_NAMES = ("county", "township", "kind", "audience", "offered", "fee", "open_now", "is_24h", "sort")


def _page_number(request) -> int:
    try:
        return min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def filtered_queryset(form: DirectoryFilterForm, *, with_text: bool = True):
    """Public entries matching the form's filters; the text box (``q``) too unless
    ``with_text`` is false (the directory home asks the search index for it instead)."""
    qs = public_service_points()
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if code := form.area_code():
        qs = qs.in_area(code)
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("fee"):
        qs = qs.filter(fee=data["fee"])
    if data.get("audience"):
        qs = qs.filter(audiences__slug=data["audience"])
    if data.get("offered"):
        qs = qs.filter(services_offered__slug=data["offered"])
    if data.get("is_24h"):
        qs = qs.filter(is_24_7=True)
    if data.get("open_now"):
        qs = qs.filter(open_now_q())
    if with_text and data.get("q"):
        qs = qs.filter(search_q(data["q"].strip()))
    return qs


def _text_page(form: DirectoryFilterForm, page: int) -> tuple[list, bool, int]:
    """A page of the entries matching the text box, best match first, and their number.

    The words go to the site's search index (segmented, synonyms, traditional
    characters), which returns the ids of the best ``TEXT_MATCHES`` entries under the
    area, kind, audience and service filters; the database then applies the filters the
    index does not hold (fee, 24 hours, open now) to those ids only.
    """
    pks = text_match_pks(form.cleaned_data["q"], form)
    matching = filtered_queryset(form, with_text=False).filter(pk__in=pks)
    kept = set(matching.values_list("pk", flat=True))
    ranked = [pk for pk in pks if pk in kept]
    if form.cleaned_data.get("sort") == "open":
        open_pks = set(matching.filter(open_now_q()).values_list("pk", flat=True))
        ranked.sort(key=lambda pk: pk not in open_pks)  # stable: best match first within each group
    start = (page - 1) * PER_PAGE
    return _in_order(ranked[start : start + PER_PAGE]), len(ranked) > start + PER_PAGE, len(ranked)


def _in_order(pks: list[int]) -> list:
    """The public entries ``pks`` with their display relations, in the order given."""
    rows = {sp.pk: sp for sp in with_display_relations(public_service_points().filter(pk__in=pks))}
    return [rows[pk] for pk in pks if pk in rows]


def directory_home(request):
    form = DirectoryFilterForm(request.GET or None)
    page = _page_number(request)
    search_error = ""
    total, total_is_lower_bound = 0, False
    by_clock = form.is_valid() and (form.cleaned_data.get("open_now") or form.cleaned_data.get("sort") == "open")
    if form.is_valid() and form.cleaned_data.get("q", "").strip():
        try:
            services, has_next, total = _text_page(form, page)
            total_is_lower_bound = total >= TEXT_MATCHES
        except EngineUnavailable:  # logged once per process by search.index
            services, has_next = [], False
            search_error = _("搜索暂时不可用，请稍后再试。")
    else:
        # Fetch one key more than a page to know if there is a next page (an index range
        # scan with LIMIT/OFFSET). Only the keys are ordered: a filter the area index
        # cannot serve (audience, service offered) then sorts narrow rows, and the page's
        # entries are read with their relations after. The total is counted once per
        # directory change (counts.cached_count), per minute when it depends on the clock.
        matching = filtered_queryset(form)
        order = ["area_code", "id"]
        if by_clock and form.cleaned_data.get("sort") == "open":
            matching = matching.annotate(
                open_first=Case(When(open_now_q(), then=Value(0)), default=Value(1), output_field=IntegerField())
            )
            order = ["open_first", *order]
        ordered = matching.order_by(*order).values_list("pk", flat=True)
        start = (page - 1) * PER_PAGE
        pks = list(ordered[start : start + PER_PAGE + 1])
        has_next = len(pks) > PER_PAGE
        services = _in_order(pks[:PER_PAGE])
        filters = request.GET.copy()
        for name in ("page", "sort"):
            filters.pop(name, None)
        key = ["home", filters.urlencode()]
        if by_clock and form.cleaned_data.get("open_now"):
            key.append(f"{local_now():%Y%m%d%H%M}")
        total = cached_count(filtered_queryset(form), *key)
    page_cache.depends_on(request, SCOPE)
    for sp in services:
        sp.state = opening_state(sp)
        page_cache.cache_until(request, next_change(sp))
    if by_clock:
        # which entries are open changes at any entry's opening or closing time
        page_cache.cache_until(request, local_now().replace(second=0, microsecond=0) + timedelta(minutes=1))
    query = request.GET.copy()
    query.pop("page", None)
    active_filters = sum(
        1
        for k in ("county", "township", "kind", "audience", "offered", "fee", "open_now", "is_24h")
        if request.GET.get(k)
    )
    return render(
        request,
        "directory/directory_home.html",
        {
            "search_error": search_error,
            "form": form,
            "services": services,
            "page_number": page,
            "has_next": has_next,
            "has_previous": page > 1,
            "query_string": query.urlencode(),
            "total": total,
            "total_is_lower_bound": total_is_lower_bound,
            "sort_open": form.is_valid() and form.cleaned_data.get("sort") == "open",
            # Folded while there are results (they come first on a phone); open when the
            # filters found nothing, to loosen them.
            "active_filters": active_filters,
            "more_filters_open": bool(active_filters) and not services,
            # a township's printable sheet (print_views.area_print)
            "township_code": (form.is_valid() and form.cleaned_data.get("township")) or "",
        },
        status=503 if search_error else 200,
    )


def get_public_or_404(pk: int):
    qs = with_display_relations(public_service_points()).prefetch_related("audiences", "services_offered")
    try:
        return qs.get(pk=pk)
    except qs.model.DoesNotExist:
        raise Http404(_("没有找到这个服务点。"))


def service_detail(request, pk: int):
    """Cacheable: the "report a mistake" form (with its CSRF cookie) is a page of its own,
    and the copy expires when the opening state next flips."""
    service = get_public_or_404(pk)
    page_cache.depends_on(request, SCOPE)
    page_cache.cache_until(request, next_change(service))
    response = render(
        request,
        "directory/service_point_detail.html",
        {"service": service, "state": opening_state(service), "weekly": weekly_table(service)},
    )
    counting.mark(response, "service", service.pk)  # page views per day (content/readership)
    return response


def _report_page(request, service, form, error="", status=200):
    return render(
        request,
        "directory/report_mistake.html",
        {"service": service, "correction_form": form, "correction_error": error},
        status=status,
    )


def _client_key(request) -> str:
    """A salted hash of the client address: never stored, only a cache key."""
    ip = client_address(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return f"directory:corrections:{digest}"


def _take_report_slot(request) -> bool:
    """Count this report against the client's hourly allowance; False once it is used up.

    The slot is taken before anything else happens, with an atomic add/incr in the
    shared cache, so the limit is exact across threads, processes and (with Redis)
    machines: 100 concurrent posts from one address get exactly REPORTS_PER_HOUR through.
    """
    key = _client_key(request)
    for _attempt in range(3):
        if cache.add(key, 1, 3600):
            return True
        try:
            return cache.incr(key) <= REPORTS_PER_HOUR
        except ValueError:  # expired between add and incr: try again
            continue
    return False


@require_http_methods(["GET", "POST"])
def report_mistake(request, pk: int):
    """ "信息有误？告诉我们": a page of its own, so the entry's page stays cacheable."""
    service = get_public_or_404(pk)
    if request.method == "GET":
        return _report_page(request, service, CorrectionForm())
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _report_page(request, service, form, _("请选择哪里有误。"), status=400)
    if not _take_report_slot(request):
        return _report_page(request, service, form, _("提交太频繁了，请一小时后再试。谢谢您的帮助！"), status=429)
    if not form.cleaned_data.get("website"):  # the honeypot stays empty for people
        CorrectionReport.objects.create(
            service_point=service, problem=form.cleaned_data["problem"], details=form.cleaned_data["details"]
        )
    messages.success(request, _("谢谢！编辑会尽快核实并更正。"))
    return redirect(f"{service.get_url()}#report-sent")


def hotlines_page(request):
    lines = list(hotlines())
    page_cache.depends_on(request, SCOPE)
    for sp in lines:
        sp.state = opening_state(sp)
        page_cache.cache_until(request, next_change(sp))
    return render(request, "directory/hotlines.html", {"hotlines": lines})
