"""The one text normaliser: what every import cell, index entry and query goes through.

Two levels, one implementation:

- ``clean(text)``: what is *stored* — NFC, full-width ASCII letters, digits and signs and the
  ideographic space folded to ASCII (NFKC's width folding: ``ＣＴ１２３`` → ``CT123``), format
  characters removed (category Cf: zero-width space U+200B, soft hyphen U+00AD, byte-order mark
  U+FEFF, direction marks …), ends stripped. Chinese punctuation (``：（）、``), case and script are
  kept as written, so a stored title reads as its author wrote it.
- ``normalise(text)``: what is *compared* — full NFKC (``（万元）`` → ``(万元)``), format characters
  removed, lower case, traditional → simplified (OpenCC's bundled ``t2s`` tables, offline) and
  whitespace collapsed to single spaces. The search index, keyword queries, header matching, the
  number parsers and the synonym table all use it.

``control_characters(text)`` names the control characters (NUL and the other C0/C1 codes except
tab, line feed and carriage return) that imports refuse as a row error and requests refuse with
HTTP 400 (core.middleware).
"""

import re
import unicodedata
from functools import lru_cache

_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@lru_cache(maxsize=1)
def _converter():
    """Traditional → simplified with OpenCC's bundled tables; None when the package is missing."""
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # noqa: BLE001 - optional at import time; requirements.txt lists it
        return None


# Every code point of category Cf in Python 3.11's Unicode 14.0 tables, as ranges (one regular
# expression removes them: a per-character category test cost a fifth of an index rebuild).
# core/tests/test_core.py checks the table against ``unicodedata`` (a Python upgrade may add some).
FORMAT_CHARACTER_RANGES = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
_FORMAT_RE = re.compile(
    "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in FORMAT_CHARACTER_RANGES) + "]"
)


def strip_format_characters(text: str) -> str:
    """Remove Unicode format characters (category Cf), e.g. U+200B, U+00AD, U+FEFF, U+2060."""
    if not text:
        return ""
    return _FORMAT_RE.sub("", text)


def control_characters(text: str) -> list[str]:
    """The disallowed control characters in ``text`` as ``U+0000`` labels (empty when clean)."""
    return [f"U+{ord(ch):04X}" for ch in dict.fromkeys(_CONTROL_RE.findall(text or ""))]


# Full-width forms of ASCII letters and digits (U+FF10-19, FF21-3A, FF41-5A) and signs used in codes
# and numbers, plus the ideographic space; Chinese punctuation (：；，（）！？) is left as written.
_WIDTH = {0xFF01 + i: 0x21 + i for i in range(0x5E) if chr(0x21 + i).isalnum() or chr(0x21 + i) in "+-.@#%&/_"}
_WIDTH[0x3000] = 0x20


def clean(text) -> str:
    """NFC, full-width letters/digits → ASCII, format characters removed, ends stripped.
    ``None`` → ``""``. Keeps Chinese punctuation, case and script as written."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text)).translate(_WIDTH)
    return strip_format_characters(text).strip()


def fold(text) -> str:
    """Full NFKC with format characters removed and ends stripped (numbers, codes, units)."""
    if text is None:
        return ""
    return strip_format_characters(unicodedata.normalize("NFKC", str(text))).strip()


def to_simplified(text: str) -> str:
    converter = _converter()
    return converter.convert(text) if converter is not None and text else text


def normalise(text) -> str:
    """Comparison form: ``clean`` + lower case + traditional → simplified + collapsed whitespace.

    ``normalise("燃\\u200b料電池 ")`` == ``"燃料电池"``; ``normalise("Ｘ射线")`` == ``"x射线"``.
    """
    text = fold(text)
    if not text:
        return ""
    text = to_simplified(text.lower())
    return " ".join(text.split())


def header_key(text) -> str:
    """Spreadsheet header comparison: ``normalise`` without any whitespace (``预算上限 （万元）``
    and ``预算上限(万元)`` are the same header)."""
    return "".join(normalise(text).split())


def has_chinese(text: str) -> bool:
    """Whether ``text`` holds a Han character (the basic block, Extensions A to G, compatibility
    ideographs). A query without one cannot match the records' Chinese words."""
    return bool(_HAN_RE.search(text or ""))
