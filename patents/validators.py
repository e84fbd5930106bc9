"""Chinese patent numbers and IPC symbols: normalisation and validation.

Publication numbers (公开/公告号): ``CN`` + 7 to 9 digits + kind code (A/B/C inventions, U/Y utility
models, S/D designs), optionally followed by a digit (``CN114081026A``, ``CN215792497U``). In the
9-digit series since 2010 the first digit names the type (1 invention, 2 utility model, 3 design).

Application numbers (申请号): 12 digits (since 2003: year, type digit, 7-digit serial) or 8 digits
(before 2003: 2-digit year, type, 5-digit serial), then a check character: the digits multiplied in
turn by 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, summed, modulo 11; 10 is written ``X``
(example: 201710601862.3). A patent number is ``ZL`` + the application number.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.patent_numbers import application_check_char as application_check_char  # re-exported
from core.patent_numbers import parse_patent_number

PUBLICATION_RE = re.compile(r"^CN(\d{7,9})([ABCUYSD])(\d?)$")
APPLICATION_RE = re.compile(r"^(\d{8}|\d{12})\.?([0-9X])$")
IPC_SUBCLASS_RE = re.compile(r"^[A-H]\d{2}[A-Z]$")
IPC_FULL_RE = re.compile(r"^([A-H]\d{2}[A-Z])(\d{1,4})/(\d{2,6})$")

KIND_TYPE = {
    "A": "invention",
    "B": "invention",
    "C": "invention",
    "U": "utility",
    "Y": "utility",
    "S": "design",
    "D": "design",
}
TYPE_DIGIT = {"1": "invention", "8": "invention", "2": "utility", "9": "utility", "3": "design"}
# Kind codes of grant publications: utility models and designs are only published when granted.
GRANT_KINDS = {"B", "C", "U", "Y", "S", "D"}


def _clean(value: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


def normalise_publication_number(value: str) -> str:
    """``CN 114081026 A``, ``CN-114081026-A``, ``ｃｎ１１４０８１０２６ａ`` → ``CN114081026A`` (the one
    parser, core.patent_numbers); text that is not one publication number comes back cleaned only."""
    parsed = parse_patent_number(value or "")
    if parsed is not None and parsed.kind == "publication":
        return parsed.number
    return _clean(value)


def validate_publication_number(value: str) -> str:
    """Return the normalised number or raise ValidationError."""
    number = normalise_publication_number(value)
    match = PUBLICATION_RE.match(number)
    if not match:
        raise ValidationError(_("公开号格式不正确（应如 CN114081026A）：%(v)s"), params={"v": value}, code="invalid")
    digits, kind, _suffix = match.groups()
    if len(digits) == 9 and TYPE_DIGIT.get(digits[0]) != KIND_TYPE[kind]:
        raise ValidationError(
            _("公开号 %(v)s 的类型码 %(k)s 与首位数字 %(d)s 不一致"),
            params={"v": number, "k": kind, "d": digits[0]},
            code="invalid",
        )
    return number


def publication_kind(number: str) -> str:
    match = PUBLICATION_RE.match(number)
    return match.group(2) if match else ""


def type_from_publication(number: str) -> str:
    return KIND_TYPE.get(publication_kind(number), "")


def normalise_application_number(value: str) -> str:
    parsed = parse_patent_number(value or "")
    if parsed is not None and parsed.kind == "application":
        return parsed.number
    number = _clean(value).replace("-", "")
    for prefix in ("CN", "ZL"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
    return number


def validate_application_number(value: str) -> str:
    """Return the number as ``201710601862.3`` or raise ValidationError (format or check digit)."""
    number = normalise_application_number(value)
    match = APPLICATION_RE.match(number)
    if not match:
        raise ValidationError(_("申请号格式不正确（应如 201710601862.3）：%(v)s"), params={"v": value}, code="invalid")
    digits, check = match.groups()
    expected = application_check_char(digits)
    if check != expected:
        raise ValidationError(
            _("申请号 %(v)s 的校验位应为 %(c)s"), params={"v": value, "c": expected}, code="check_digit"
        )
    return f"{digits}.{check}"


def application_type(number: str) -> str:
    """The type encoded in a normalised application number ("" when unknown)."""
    digits = number.split(".")[0]
    if len(digits) == 12:
        return TYPE_DIGIT.get(digits[4], "")
    if len(digits) == 8:
        return TYPE_DIGIT.get(digits[2], "")
    return ""


def normalise_ipc(value: str) -> str:
    """``H01M 8/0612`` → ``H01M8/0612``; ``h01m`` → ``H01M``."""
    return _clean(value)


def validate_ipc(value: str) -> str:
    code = normalise_ipc(value)
    if not (IPC_SUBCLASS_RE.match(code) or IPC_FULL_RE.match(code)):
        raise ValidationError(_("IPC 分类号格式不正确：%(v)s"), params={"v": value}, code="invalid")
    return code


def ipc_subclass(code: str) -> str:
    return code[:4]


def normalise_name(value: str) -> str:
    """Organisation and person names compared loosely: NFKC (full-width brackets become ASCII),
    no whitespace, no trailing punctuation."""
    return re.sub(r"[\s·•]+", "", unicodedata.normalize("NFKC", value or "")).strip("，,;；。.").lower()
