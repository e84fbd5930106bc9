"""Validators for Chinese identifiers."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 31 characters (digits and upper-case letters without I, O, Z, S, V).
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def credit_code_check_char(first17: str) -> str:
    """The check character (18th) of a unified social credit code's first 17 characters."""
    total = sum(CREDIT_CODE_CHARSET.index(ch) * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    """As people type or paste it: full width folded (NFKC), spaces and hyphens (any dash)
    removed, upper case. ``９１６１ ０１３１-ＭＡ６Ｔ…`` → ``91610131MA6T…``."""
    text = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-‐‑‒–—―_·.]", "", text).upper()


def validate_credit_code(value: str, *, allow_bad_check_char: bool = False) -> None:
    """GB 32100-2015: 18 characters of the code's charset, then the check character. With
    ``allow_bad_check_char`` (an operator recording a pre-2016 code, with a reason) only the check
    character may be wrong."""
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="length")
    if not CREDIT_CODE_RE.match(code):
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V），第3-8位应为行政区划码。"), code="charset"
        )
    if credit_code_check_char(code[:17]) != code[17] and not allow_bad_check_char:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对。"), code="check_char")


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(value or ""):
        raise ValidationError(_("请输入11位中国大陆手机号码。"), code="mobile")
