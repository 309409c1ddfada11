"""Taking a questionnaire through the public pages: the form, the result, bad input, safety first."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from content.selfcheck import demo
from content.selfcheck.instruments import PHQ9
from content.selfcheck.models import QuestionnairePage

from .conftest import answers_for

pytestmark = pytest.mark.django_db

SCREENING = "这是一份筛查问卷，不是诊断。"


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page as a reader reads it: tags (such as the no-break span around PHQ-9) removed."""
    return re.sub(r"<[^>]+>", "", html(response))


def test_index_lists_the_three_questionnaires(client, selfcheck_site):
    response = client.get(selfcheck_site["index"].url)
    assert response.status_code == 200
    for short_name in ("PHQ-9", "GAD-7", "EPDS"):
        assert selfcheck_site[short_name].title in text(response)
    assert '<span class="nowrap">PHQ-9</span>' in html(response)
    assert "不是诊断" in html(response)


def test_form_works_without_javascript(client, selfcheck_site):
    page = selfcheck_site["PHQ-9"]
    response = client.get(page.url)
    body = html(response)
    assert response.status_code == 200
    assert 'method="post"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    # Nine questions, each a fieldset with a legend and four labelled radio buttons.
    assert body.count('<fieldset id="question-') == 9
    assert len(re.findall(r'<input type="radio" id="question-\d-\d" name="q\d"', body)) == 36
    assert body.count('<label for="question-') == 36
    assert "有不如死掉或用某种方式伤害自己的念头" in body
    # Sources and the licence are cited on the page.
    assert "Kroenke K, Spitzer RL, Williams JBW" in body
    assert "无需获得许可" in body
    # No inline script or style (the CSP forbids them); the enhancement is a static file.
    assert "<script>" not in body and " style=" not in body
    assert "selfcheck/selfcheck.js" in body
    assert "no-store" in response["Cache-Control"]


def test_epds_page_cites_the_cut_off_and_licence(client, selfcheck_site):
    body = html(client.get(selfcheck_site["EPDS"].url))
    assert "Lee DTS, Yip SK, Chiu HFK" in body
    assert "Cox JL, Holden JM, Sagovsky R" in body
    assert "反向计分" in body


def test_result_shows_score_band_meaning_and_screening_note(submit, selfcheck_site):
    page = selfcheck_site["PHQ-9"]
    response = submit(page, [2, 2, 2, 2, 2, 0, 0, 0, 0])
    body = html(response)
    assert response.status_code == 200
    assert "<strong>10</strong> / 27" in body
    assert "中度（10–14 分）" in body
    assert "建议与专业人员谈一谈" in body
    assert SCREENING in body
    assert "no-store" in response["Cache-Control"]
    # Not flagged: no urgent hotline block, but the hotlines are still there, after the result.
    assert "selfcheck-hotlines--urgent" not in body
    assert body.index("selfcheck-score") < body.index('class="selfcheck-hotlines"')
    assert 'href="tel:12356"' in body


@pytest.mark.parametrize(
    ("short_name", "indices"),
    [
        ("PHQ-9", [0, 0, 0, 0, 0, 0, 0, 0, 1]),  # total 1, item 9 "好几天"
        ("EPDS", [0, 0, 3, 0, 3, 3, 3, 3, 3, 2]),  # total 1, item 10 "极少"
    ],
)
def test_self_harm_answer_puts_hotlines_first_whatever_the_total(submit, selfcheck_site, short_name, indices):
    response = submit(selfcheck_site[short_name], indices)
    body = html(response)
    main = body[body.index('<main id="main"') :]
    assert "selfcheck-hotlines--urgent" in main
    # The urgent hotlines come before the heading and the score inside the main content.
    assert main.index("selfcheck-hotlines--urgent") < main.index("<h1")
    assert main.index("selfcheck-hotlines--urgent") < main.index("selfcheck-score")
    urgent = main[main.index("selfcheck-hotlines--urgent") : main.index("<h1")]
    assert 'href="tel:12356"' in urgent and 'href="tel:962525"' in urgent
    assert "<strong>1</strong> / " in body  # a total of 1, still flagged
    assert SCREENING in body


def test_no_risk_on_epds_when_item_10_is_never(submit, selfcheck_site):
    body = html(submit(selfcheck_site["EPDS"], [3] * 10))
    assert "<strong>9</strong> / 30" in body
    assert "selfcheck-hotlines--urgent" not in body


def test_incomplete_answers_return_the_form_with_a_message(submit, selfcheck_site):
    page = selfcheck_site["GAD-7"]
    response = submit(page, data={"q1": "2", "q2": "1", "q4": "3"})
    body = html(response)
    assert response.status_code == 200
    assert 'role="alert"' in body
    assert "请回答第 3 题。" in body and "请回答第 7 题。" in body
    assert '<a href="#question-3">' in body
    assert "selfcheck-score" not in body
    # What the reader already chose is kept.
    assert re.search(r'id="question-1-2" name="q1" value="2" checked', body)
    assert re.search(r'id="question-4-3" name="q4" value="3" checked', body)
    assert 'aria-describedby="question-3-error"' in body
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("bad", ["4", "-1", "x", "1.0", ""])
def test_out_of_range_answer_returns_the_form(submit, selfcheck_site, bad):
    data = answers_for([1] * 7)
    data["q6"] = bad
    body = html(submit(selfcheck_site["GAD-7"], data=data))
    assert "selfcheck-score" not in body
    assert "第 6 题" in body


def test_post_without_csrf_token_is_refused(browser_client, selfcheck_site):
    response = browser_client.post(selfcheck_site["PHQ-9"].url, answers_for([0] * 9))
    assert response.status_code == 403


def test_elder_mode_renders_form_and_result(browser_client, submit, selfcheck_site):
    browser_client.cookies["anxin_mode"] = "elder"
    page = selfcheck_site["PHQ-9"]
    form = html(browser_client.get(page.url))
    assert "mode-elder" in form
    body = html(submit(page, [0] * 9))
    assert "mode-elder" in body
    assert "<strong>0</strong> / 27" in body


def test_area_choice_is_offered_when_the_index_has_a_service_area(client, selfcheck_site, db):
    from content.reference.models import AdminArea

    district = AdminArea.objects.create(code="310114000000", name="嘉定区")
    AdminArea.objects.create(code="310114102000", name="南翔镇")
    index = selfcheck_site["index"]
    index.service_area = district
    index.save()
    body = html(client.get(selfcheck_site["PHQ-9"].url))
    assert '<option value="310114102000">南翔镇</option>' in body


def test_bands_with_a_gap_are_refused_in_the_admin(selfcheck_site):
    page = selfcheck_site["GAD-7"]
    page.bands = [("band", {**page.bands[0].value, "max_score": 3}), *[("band", b.value) for b in page.bands[1:]]]
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert "4–4 分不在任何分数段内。" in caught.value.message_dict["bands"]


def test_question_without_options_is_refused(selfcheck_site):
    page = demo.questionnaire_from_spec({**PHQ9, "options": []})
    with pytest.raises(ValidationError) as caught:
        page.clean()
    assert "第 1 题没有答案选项，也没有通用答案选项。" in caught.value.message_dict["questions"]


def test_demo_is_idempotent(selfcheck_site):
    from wagtail.models import Revision

    before = (QuestionnairePage.objects.count(), Revision.objects.count())
    lines: list[str] = []
    demo.load(lines.append)
    assert (QuestionnairePage.objects.count(), Revision.objects.count()) == before == (3, before[1])
    assert lines[-1] == "心理测评问卷：新建 0 份，共 3 份"


def test_a_result_costs_a_bounded_number_of_queries(submit, selfcheck_site, django_assert_max_num_queries):
    page = selfcheck_site["PHQ-9"]
    submit(page, [0] * 9)  # warm Wagtail's site and settings lookups
    # 31: the standard audiences exist from migrate on (reference 0002), so the page has
    # audiences and related_articles asks once more, for the reader's group first.
    with django_assert_max_num_queries(31):
        response = submit(page, [3] * 9)  # the GET of the form and the POST of the answers
    assert "<strong>27</strong> / 27" in response.content.decode()
