"""``POST /api/v1/selfcheck/<slug>/score``: score a questionnaire without keeping anything.

Request body (``Content-Type: application/json``, at most ``MAX_BODY_BYTES``)::

    {"answers": [0, 1, 3, 0, 2, 1, 0, 0, 1],   # required: one option index per question,
                                               # in question order; 0 = the first option
     "area": "310114102000",                    # optional: an area the result page offers
     "lat": 31.30, "lng": 121.30,               # optional, together: WGS-84
     "audience": "laonianren"}                  # optional: an audience slug

Answers are option *indices*, never scores, as on the web form (content/selfcheck/scoring.py):
the score of each option lives on the questionnaire. The response is what the web result
page (selfcheck/result.html) shows: score, band and its description, the crisis flag
(a self-harm item answered above zero) with the hotlines of ``GET /api/v1/hotlines``,
articles for the reader's group and services near the place given (the page's own
rules, content/selfcheck/views.py ``_result_context``). The hotlines are always included,
as the result page always shows them; ``crisis`` says to show them first.

Privacy, as on the page: nothing is written to the database, the cache (the rate limit
counts requests under a hashed address, never answers), a cookie or a log; the response
says ``Cache-Control: no-store``; error messages never repeat a submitted value.

Rate limited per client address: ``ANXIN_SELFCHECK_RATE_LIMIT`` requests a minute
(default 30), then 429 with ``Retry-After``.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.cache import add_never_cache_headers
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Site

from anxin.api.errors import api_error
from content.reference.models import Audience
from content.reference.phones import Phone
from content.selfcheck import scoring
from content.selfcheck.models import QuestionnairePage
from content.selfcheck.views import Private, _result_context

from . import ratelimit
from .common import absolute, json_response, method_not_allowed
from .hotlines import hotline_items

MAX_BODY_BYTES = 8 * 1024
FIELDS = frozenset({"answers", "area", "lat", "lng", "audience"})


class BadInput(Exception):
    def __init__(self, message: str, parameter: str = "", status: int = 400):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


def _no_store(response):
    add_never_cache_headers(response)
    return response


def _questionnaire(request, slug: str) -> QuestionnairePage | None:
    pages = QuestionnairePage.objects.live().public().filter(slug=slug).order_by("path")
    site = Site.find_for_request(request)
    if site is not None:
        in_site = pages.in_site(site).first()
        if in_site is not None:
            return in_site
    return pages.first()


def _read_json(request) -> dict:
    """The body as a JSON object, or raise BadInput (400, 413 or 415)."""
    if request.content_type != "application/json":
        raise BadInput(_("请以 JSON 提交（Content-Type: application/json）。"), status=415)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise BadInput(_("请求体太大了（最多 %(max)d 字节）。") % {"max": MAX_BODY_BYTES}, status=413)
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise BadInput(_("请求体太大了（最多 %(max)d 字节）。") % {"max": MAX_BODY_BYTES}, status=413)

    def no_constants(_name):
        raise ValueError

    try:
        data = json.loads(body.decode("utf-8"), parse_constant=no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadInput(_("请求体不是有效的 JSON。")) from None
    if not isinstance(data, dict):
        raise BadInput(_('请求体必须是一个 JSON 对象，例如 {"answers": [0, 1, 2]}。'))
    return data


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _answers(instrument: scoring.Instrument, data: dict) -> list[int]:
    raw = data.get("answers")
    if not isinstance(raw, list) or not raw:
        raise BadInput(_("请提供 answers：按题目顺序排列的选项序号列表（0 表示第一个选项）。"), "answers")
    for number, value in enumerate(raw, start=1):
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadInput(
                _("第 %(number)s 题的答案必须是整数选项序号（0 表示第一个选项）。") % {"number": number}, "answers"
            )
    if len(raw) > len(instrument.questions):
        raise BadInput(
            _("答案数量与题目不符：这份问卷有 %(count)s 道题。") % {"count": len(instrument.questions)}, "answers"
        )
    try:
        scoring.score(instrument, raw)
    except scoring.AnswerErrors as exc:
        messages = [message.rstrip("。") for _n, message in sorted(exc.errors.items())]
        raise BadInput("；".join(messages) + "。", "answers") from None
    return list(raw)


def _place(page, data: dict) -> tuple[str, tuple[float, float] | None, list, int | None]:
    """(area code, location, the page's area choices, audience pk), checked."""
    index_page = page.index_page()
    areas = index_page.area_choices() if index_page else []
    area = data.get("area")
    if area is not None and (not isinstance(area, str) or area not in {a.code for a in areas}):
        raise BadInput(_("所选地区不在这份测评可选的地区之内。"), "area")
    has_lat, has_lng = "lat" in data, "lng" in data
    location = None
    if has_lat or has_lng:
        lat, lng = data.get("lat"), data.get("lng")
        lat_ok = has_lat and _is_number(lat) and -90 <= lat <= 90
        lng_ok = has_lng and _is_number(lng) and -180 <= lng <= 180
        if not (lat_ok and lng_ok):
            raise BadInput(_("lat 和 lng 须同时提供，且为有效的经纬度（WGS-84）。"), "lng" if lat_ok else "lat")
        if (lat, lng) != (0, 0):  # the page's rule: 0,0 means no location
            location = (float(lat), float(lng))
    audience_pk = None
    slug = data.get("audience")
    if slug is not None:
        if isinstance(slug, str) and slug:
            audience_pk = Audience.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if audience_pk is None:
            raise BadInput(_("没有这个人群。"), "audience")
    return area or "", location, areas, audience_pk


def _service(request, hit) -> dict:
    return {
        "name": hit.name,
        "url": absolute(request, hit.url),
        "kind": hit.kind_label,
        "address": hit.address,
        "area": hit.area_name,
        "distance_km": round(hit.distance_km, 3) if hit.distance_km is not None else None,
        "phones": [{"number": Phone(p["number"]).display, "label": p["label"], "href": p["tel"]} for p in hit.phones],
        "illustrative": hit.is_illustrative,
    }


def _body(request, page, instrument, result, context) -> dict:
    band = result.band
    return {
        "questionnaire": {
            "slug": page.slug,
            "title": page.title,
            "short_name": page.short_name,
            "url": absolute(request, page.get_url(request)),
        },
        "score": result.total,
        "max_score": result.max_score,
        "band": None
        if band is None
        else {
            "label": band.label,
            "min_score": band.min_score,
            "max_score": band.max_score,
            "level": band.level,
            "level_label": str(context["band_level_label"]),
            "concern": bool(context["band_is_concern"]),
            "description": strip_tags(str(context["interpretation"])).strip(),
            "description_html": str(context["interpretation"]),
        },
        "screening_note": str(context["screening_note"]),
        "crisis": result.shows_risk,
        "crisis_message": _(
            "您在关于伤害自己的问题上选择了不是“从不/完全不会”的答案。这很重要，请不要一个人扛着。"
            "现在就可以拨打下面的热线，和受过训练的人谈一谈；如果您有立即伤害自己的危险，请拨打 120 或 110，"
            "或前往最近医院的急诊。"
        )
        if result.shows_risk
        else "",
        "hotlines": hotline_items(request),
        "articles": [
            {"title": a.title, "url": absolute(request, a.get_url(request)), "summary": getattr(a, "summary", "") or ""}
            for a in context["articles"]
        ],
        "services": {
            "kinds": list(context["service_kinds"]),
            "location_used": bool(context["location_used"]),
            "items": [_service(request, hit) for hit in context["services"]],
        },
    }


# The endpoint is for cross-origin clients (the mini-program's servers and apps) that
# carry no cookies: without a session or login cookie there is nothing for a forged
# request to ride on, so CSRF protection has nothing to protect and would only refuse
# every partner. It changes nothing either: it stores nothing.
@csrf_exempt
def score_view(request, slug: str):
    if request.method != "POST":
        return _no_store(method_not_allowed(("POST",)))
    retry_after = ratelimit.take(request, "selfcheck", getattr(settings, "ANXIN_SELFCHECK_RATE_LIMIT", 30))
    if retry_after is not None:
        response = api_error(429, _("请求太频繁了，请 %(seconds)s 秒后再试。") % {"seconds": retry_after})
        response["Retry-After"] = str(retry_after)
        return _no_store(response)
    page = _questionnaire(request, slug)
    if page is None:
        return _no_store(api_error(404, _("没有找到这份测评问卷。"), parameter="slug"))
    try:
        data = _read_json(request)
        unknown = sorted(set(data) - FIELDS)
        if unknown:
            raise BadInput(_("请求中有不支持的字段。"), unknown[0][:50])
        instrument = page.instrument()
        chosen = _answers(instrument, data)
        area, location, areas, audience_pk = _place(page, data)
    except BadInput as exc:
        return _no_store(api_error(exc.status, exc.message, exc.parameter))
    result = scoring.score(instrument, chosen)
    private = Private(
        chosen_area=area,
        chosen_audience=audience_pk,
        page_audience_ids=[a.pk for a in page.audiences.all()],
        errors=[],
        questions=[],
    )
    place = {"lat": location[0], "lng": location[1]} if location else {}
    context = _result_context(instrument, result, chosen, private, {"areas": areas}, place, page.subject_topic_words)
    return _no_store(json_response(_body(request, page, instrument, result, context)))
