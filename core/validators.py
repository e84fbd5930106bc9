"""Validators of what users type, shared by forms, the API and imports (through model ``clean``).

Phone numbers follow the mainland numbering plan (MIIT's 电信网编号计划): mobile numbers are 11
digits starting 13-19; landlines are an area code of 3-4 digits starting 0 (010, 029, 0917 …) and a
7-8 digit local number, optionally with an extension; 400/800 service numbers are 10 digits.
Spaces, hyphens, brackets and a +86 / 0086 prefix are accepted as written and normalised away.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import fold

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}[2-9]\d{6,7}$")
SERVICE_RE = re.compile(r"^[48]00\d{7}$")
_EXTENSION_RE = re.compile(r"(?:转|分机|ext\.?|x|#|-)\s*(\d{1,6})$", re.IGNORECASE)


def normalise_phone(value: str) -> str:
    """``+86 138-0000-0000`` → ``13800000000``; ``(029) 8888-6666 转 123`` → ``029-88886666-123``;
    text that is no phone number comes back folded and stripped (the validator then refuses it)."""
    text = fold(value)
    if not text:
        return ""
    extension = ""
    compact = re.sub(r"[\s\-()（）.]", "", text)
    compact = re.sub(r"^(?:\+86|0086)", "", compact)
    if compact.startswith("86") and len(compact) == 13 and MOBILE_RE.match(compact[2:]):
        compact = compact[2:]
    if MOBILE_RE.match(compact) or SERVICE_RE.match(compact):
        return compact
    match = _EXTENSION_RE.search(text)
    base = text[: match.start()] if match else text
    if match:
        extension = match.group(1)
    digits = re.sub(r"[\s\-()（）.]", "", base)
    digits = re.sub(r"^(?:\+86|0086)", "0", digits) if digits.startswith(("+86", "0086")) else digits
    if LANDLINE_RE.match(digits):
        area = 3 if digits[:3] in {"010"} or digits[1] == "2" else 4
        return f"{digits[:area]}-{digits[area:]}" + (f"-{extension}" if extension else "")
    if match and LANDLINE_RE.match(re.sub(r"[\s\-()（）.]", "", text)):
        return normalise_phone(re.sub(r"[\s\-()（）.]", "", text))
    return text


def validate_phone(value: str) -> None:
    """A mainland mobile (13800000000), landline with area code (029-88886666, optional extension)
    or 400/800 number. Raises ValidationError (code "phone")."""
    number = normalise_phone(value)
    base = number.split("-")
    if MOBILE_RE.match(number) or SERVICE_RE.match(number):
        return
    if len(base) >= 2 and LANDLINE_RE.match(base[0] + base[1]):
        return
    raise ValidationError(
        _("“%(v)s”不是有效的电话号码：请填写11位手机号，或带区号的固定电话（如 029-88886666）。"),
        params={"v": value},
        code="phone",
    )


def amount_errors(record, fields, pairs) -> dict:
    """Errors for amounts below zero and upper bounds below lower ones: ``fields`` names the
    non-negative numeric fields, ``pairs`` the (lower, upper) field pairs. Returns {field: message}."""
    errors = {}
    for name in fields:
        value = getattr(record, name, None)
        if value is not None and Decimal(value) < 0:
            errors[name] = _("不能为负数。")
    for low, high in pairs:
        a, b = getattr(record, low, None), getattr(record, high, None)
        if a is not None and b is not None and a > b and high not in errors:
            label = re.sub(r"[（(].*?[）)]", "", str(record._meta.get_field(high).verbose_name))
            errors[high] = _("%(f)s不能低于下限。") % {"f": label}
    return errors
