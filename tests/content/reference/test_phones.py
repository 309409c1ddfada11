import pytest
from django.core.exceptions import ValidationError

from content.reference.phones import normalise_phone, tel_uri


@pytest.mark.parametrize(
    "raw, display, tel",
    [
        ("12356", "12356", "tel:12356"),
        ("962525", "962525", "tel:962525"),
        ("12355", "12355", "tel:12355"),
        ("400-161-9995", "400-161-9995", "tel:4001619995"),
        ("4001619995", "400-161-9995", "tel:4001619995"),
        ("800-810-1117", "800-810-1117", "tel:8008101117"),
        ("010-82951332", "010-82951332", "tel:01082951332"),
        ("(021) 3959 0800", "021-39590800", "tel:02139590800"),
        ("0755-12345678", "0755-12345678", "tel:075512345678"),
        ("13812345678", "13812345678", "tel:13812345678"),
        ("+86 138 1234 5678", "13812345678", "tel:13812345678"),
        ("１２３５６", "12356", "tel:12356"),
        ("39590800", "39590800", "tel:39590800"),
        ("021-39590800转123", "021-39590800 转 123", "tel:02139590800,123"),
    ],
)
def test_valid_numbers(raw, display, tel):
    assert normalise_phone(raw) == display
    assert tel_uri(display) == tel


@pytest.mark.parametrize(
    "raw",
    ["", "abc", "1", "12", "12345678901234", "010-123", "23456789012", "400-123", "电话", "02-1234567", "5551234a"],
)
def test_invalid_numbers_get_a_chinese_message(raw):
    with pytest.raises(ValidationError) as excinfo:
        normalise_phone(raw)
    assert "不是有效的电话号码" in excinfo.value.messages[0]
