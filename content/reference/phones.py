"""Phone numbers as Chinese psychological services publish them.

Accepted forms (spaces, dashes and full-width digits are tolerated on input):

- short service codes: 3–6 digits starting with 1 or 9 (12356, 12355, 962525, 96525)
- 400 / 800 numbers: 400-161-9995, 800-810-1117 (10 digits)
- landlines with area code: 010-82951332, 021-39590800, 0755-12345678
  (area code 0 + 2–3 digits, local number 7–8 digits), optional extension
- mobiles: 11 digits starting 13–19
- a local number without area code (7–8 digits, not starting with 0 or 1), e.g.
  39590800 as district documents print it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-–—()（）.]+")
_SHORT = re.compile(r"^(1\d{2,5}|9\d{4,5})$")
_FREEPHONE = re.compile(r"^(400|800)\d{7}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})$")
_LOCAL = re.compile(r"^[2-9]\d{6,7}$")
_EXTENSION = re.compile(r"(?:转|ext\.?|x|#)\s*(\d{1,6})$", re.IGNORECASE)


def _digits(raw: str) -> tuple[str, str]:
    text = unicodedata.normalize("NFKC", raw or "").strip()
    extension = ""
    match = _EXTENSION.search(text)
    if match:
        extension = match.group(1)
        text = text[: match.start()]
    if text.startswith("+86"):
        text = text[3:]
    return _SEPARATORS.sub("", text), extension


def normalise_phone(raw: str) -> str:
    """Return the canonical display form, or raise ValidationError."""
    digits, extension = _digits(raw)
    if not digits.isdigit():
        raise _invalid(raw)
    if _SHORT.match(digits) or _LOCAL.match(digits):
        display = digits
    elif _FREEPHONE.match(digits):
        display = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    elif _MOBILE.match(digits):
        display = digits
    else:
        match = _LANDLINE.match(digits)
        if not match:
            raise _invalid(raw)
        display = f"{match.group(1)}-{match.group(2)}"
    if extension:
        display += f" 转 {extension}"
    return display


def tel_uri(number: str) -> str:
    """The ``tel:`` URI for a (valid) number: digits only, ``,`` before an extension."""
    digits, extension = _digits(number)
    return f"tel:{digits}" + (f",{extension}" if extension else "")


@dataclass(frozen=True)
class Phone:
    """A phone number as readers meet it: ``display`` to read, ``href`` to dial.

    The one place that turns what an editor typed (``021 3959 0800 转 123``) into both
    forms; search documents, the crisis strip and the directory carry ``href`` as it is
    (``tel:02139590800,123``: the comma makes a phone wait, then dial the extension).
    """

    number: str
    label: str = ""

    @property
    def display(self) -> str:
        try:
            return normalise_phone(self.number)
        except ValidationError:
            return (self.number or "").strip()

    @property
    def href(self) -> str:
        return tel_uri(self.number)

    def as_dict(self) -> dict:
        return {"number": self.display, "label": self.label, "href": self.href}


def validate_phone(value: str) -> None:
    normalise_phone(value)


def _invalid(raw: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(value)s”不是有效的电话号码。请填写短号（如 12356）、400/800 号码（如 400-161-9995）、"
            "带区号的固定电话（如 010-82951332）或 11 位手机号。"
        ),
        code="invalid_phone",
        params={"value": raw},
    )
