"""Phone numbers on service points: every form Chinese services publish; anything else refused."""

import pytest
from django.core.exceptions import ValidationError

from content.directory.models import ServicePointPhone


@pytest.mark.parametrize(
    "raw,display,tel",
    [
        ("12356", "12356", "tel:12356"),
        ("962525", "962525", "tel:962525"),
        ("400-161-9995", "400-161-9995", "tel:4001619995"),
        ("8008101117", "800-810-1117", "tel:8008101117"),
        ("010-82951332", "010-82951332", "tel:01082951332"),
        ("021 3959 0800", "021-39590800", "tel:02139590800"),
        ("１３８１２３４５６７８", "13812345678", "tel:13812345678"),
        ("021-39590800 转 123", "021-39590800 转 123", "tel:02139590800,123"),
    ],
)
def test_valid_numbers_are_normalised(raw, display, tel):
    phone = ServicePointPhone(number=raw)
    phone.clean()
    assert phone.number == display
    assert phone.tel == tel


@pytest.mark.parametrize("raw", ["12", "abc", "021-123", "+1 202 555 0100", "99999999999999"])
def test_invalid_numbers_are_refused_with_a_chinese_message(raw):
    with pytest.raises(ValidationError) as exc:
        ServicePointPhone(number=raw).clean()
    assert "不是有效的电话号码" in str(exc.value)
