"""Taking a questionnaire: GET shows the form, POST shows the result in the response.

Privacy rules enforced here (and proved in tests/content/selfcheck/test_privacy.py):
the answers and the score are never written to the database, the cache, a cookie, a
session, a message or a log, and never appear in a URL; every response carries
``Cache-Control: no-store``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from content.reference.models import Audience

from . import help as helpers
from . import scoring
from .blocks import BandLevel


class Private(SimpleNamespace):
    """Holds everything about one reader's submission for the template.

    Its ``repr`` hides the contents: Django logs the whole template context (at DEBUG
    level, ``django.template``) when a variable lookup fails anywhere on the page, and
    answers, scores and chosen places must never reach a log.
    """

    def __repr__(self) -> str:
        return "<selfcheck: 内容已隐藏>"

    __str__ = __repr__


@dataclass(repr=False)
class QuestionView:
    number: int
    text: str
    name: str
    options: list[tuple[int, str, bool]]  # (index, label, checked)
    error: str = ""
    is_risk_item: bool = False

    @property
    def dom_id(self) -> str:
        return f"question-{self.number}"


def _question_views(instrument: scoring.Instrument, data, errors: dict[int, str]) -> list[QuestionView]:
    views = []
    for number, question in enumerate(instrument.questions, start=1):
        name = scoring.field_name(number)
        chosen = str(data.get(name, "")) if data is not None else ""
        views.append(
            QuestionView(
                number=number,
                text=question.text,
                name=name,
                options=[(i, option.label, chosen == str(i)) for i, option in enumerate(question.options)],
                error=errors.get(number, ""),
                is_risk_item=question.is_risk_item,
            )
        )
    return views


def _location(data) -> tuple[float, float] | None:
    """``lat``/``lng`` filled in by selfcheck.js when the reader shares their location."""
    try:
        lat, lng = float(data.get("lat", "")), float(data.get("lng", ""))
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or (lat, lng) == (0.0, 0.0):
        return None
    return lat, lng


def _choices(page, index_page, data) -> dict:
    areas = index_page.area_choices() if index_page else []
    area_codes = {area.code for area in areas}
    chosen_area = str(data.get("area", "")) if data is not None else ""
    if chosen_area not in area_codes:
        chosen_area = ""
    audiences = list(Audience.objects.order_by("sort_order", "name"))
    page_audience_ids = [a.pk for a in page.audiences.all()]
    raw_audience = str(data.get("audience", "")) if data is not None else ""
    chosen_audience = (
        int(raw_audience) if raw_audience.isdigit() and int(raw_audience) in {a.pk for a in audiences} else None
    )
    return {"areas": areas, "audiences": audiences}, {
        "chosen_area": chosen_area,
        "chosen_audience": chosen_audience,
        "page_audience_ids": page_audience_ids,
    }


def serve_questionnaire(page, request):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    instrument = page.instrument()
    index_page = page.index_page()
    data = request.POST if request.method == "POST" else None
    context = page.get_context(request)
    public, chosen_place = _choices(page, index_page, data)
    context.update(public)
    context["index_page"] = index_page
    # Everything derived from this reader's answers or choices lives in ``sc``.
    private = Private(**chosen_place, errors=[], questions=[])
    context["sc"] = private
    template = "selfcheck/questionnaire_page.html"

    if data is None:
        private.questions = _question_views(instrument, None, {})
    else:
        try:
            chosen = scoring.parse_answers(instrument, data)
        except scoring.AnswerErrors as exc:
            private.errors = sorted(exc.errors.items())
            private.questions = _question_views(instrument, data, exc.errors)
        else:
            result = scoring.score(instrument, chosen)
            for key, value in _result_context(
                instrument, result, chosen, private, public, data, page.subject_topic_words
            ).items():
                setattr(private, key, value)
            template = "selfcheck/result.html"

    response = TemplateResponse(request, template, context)
    add_never_cache_headers(response)
    return response


def _result_context(
    instrument, result: scoring.Result, chosen: list[int], private: Private, public: dict, data, subject_words=()
) -> dict:
    band = result.band
    topics = list(band.topics) if band and band.topics else sorted({t for b in instrument.bands for t in b.topics})
    kinds = list(band.service_kinds) if band else []
    audience_ids = [private.chosen_audience] if private.chosen_audience else private.page_audience_ids
    location = _location(data)
    area_code = private.chosen_area or (public["areas"][0].code if public["areas"] else "")
    level_index = BandLevel.ORDER.index(band.level) if band and band.level in BandLevel.ORDER else 0
    return {
        "result": result,
        "band": band,
        "band_level_label": dict(BandLevel.CHOICES).get(band.level, "") if band else "",
        "band_is_concern": level_index >= 2,
        "interpretation": RichText(band.interpretation) if band else "",
        "articles": helpers.related_articles(topics, audience_ids, subject_words=subject_words),
        "services": helpers.nearby_services(
            kinds,
            location=location,
            area_code=area_code,
            audience_ids=[private.chosen_audience] if private.chosen_audience else [],
        ),
        "service_kinds": kinds,
        "location_used": location is not None,
        "answers": [(scoring.field_name(n), index) for n, index in enumerate(chosen, start=1)],
        "screening_note": _("这是一份筛查问卷，不是诊断。"),
    }
