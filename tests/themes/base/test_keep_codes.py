"""``keep_codes``: short codes and phone numbers in titles never break across lines."""

from themes.base.templatetags.anxin_tags import keep_codes


def test_codes_and_numbers_are_wrapped_and_the_rest_escaped():
    assert keep_codes("抑郁症状自评（PHQ-9）") == '抑郁症状自评（<span class="nowrap">PHQ-9</span>）'
    assert keep_codes("希望24热线 400-161-9995") == '希望24热线 <span class="nowrap">400-161-9995</span>'
    assert keep_codes("上海市心理热线 962525") == '上海市心理热线 <span class="nowrap">962525</span>'
    assert keep_codes("<b>GAD-7</b>") == '&lt;b&gt;<span class="nowrap">GAD-7</span>&lt;/b&gt;'


def test_dates_and_short_numbers_are_left_alone():
    assert keep_codes("2025年10月10日") == "2025年10月10日"
    assert keep_codes("第 3 页") == "第 3 页"
