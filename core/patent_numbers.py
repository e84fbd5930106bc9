"""The one parser of Chinese patent numbers as people and databases write them.

Used by the patent import, the achievements' related-patent links (import, form, panel), the patent
page's reverse links and search. Lives in core so that catalog and patents (peers) both reach it.

Forms read (after NFKC, so full-width ``ＣＮ１１４０８１０２６Ａ`` is the same), in any case:

- publication (公开/公告) numbers: ``CN114081026A``, ``CN 114081026 A``, ``CN-114081026-A``,
  ``cn114081026a``, with a kind code A/B/C (inventions), U/Y (utility models), S/D (designs),
  optionally followed by one digit (``CN1234567A1``); the ``CN`` may be left out before a 9-digit
  number that has its kind code (``114081026A``);
- application numbers (申请号) with their check character: ``201710601862.3``, ``2017106018623``,
  ``CN201710601862.3``, and patent numbers ``ZL201710601862.3`` / ``ZL 2017 1 0601862.3``; 12 digits
  since 2003 or 8 before; the check character is the digits multiplied in turn by 2…9, 2…5,
  summed, modulo 11 (10 is written ``X``) — CNIPA's numbering standard (ZC 0006-2003). A number
  whose check character is wrong is not taken as an application number.

Several numbers in one cell may be separated by anything that is not part of a number
(``CN 111504366 B；CN 114081026 A``, ``、``, ``/``, line breaks).
"""

import re
import unicodedata
from dataclasses import dataclass

KINDS = "ABCUYSD"
_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_SEP = r"[\s\-_]*"
PUBLICATION_RE = re.compile(rf"(?<![A-Z0-9])(?:(CN){_SEP}(\d{{7,9}})|(\d{{9}})){_SEP}([{KINDS}])(\d?)(?![A-Z0-9])")
APPLICATION_RE = re.compile(
    rf"(?<![A-Z0-9.])(?:(?:ZL|CN){_SEP})?((?:\d{_SEP}){{11}}\d|\d{{8}}){_SEP}\.?{_SEP}([0-9X])(?![A-Z0-9])"
)


@dataclass(frozen=True)
class PatentNumber:
    """``kind`` is "publication" (``number`` like ``CN114081026A``) or "application" (``201710601862.3``)."""

    kind: str
    number: str

    @property
    def digits(self) -> str:
        """The serial digits, as they appear inside any written form (for a coarse database filter)."""
        return re.sub(r"\D", "", self.number.split(".")[0]) if self.kind == "application" else self.number[2:-1]


def application_check_char(digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=False))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def _prepare(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").upper()


def parse_patent_numbers(text: str) -> list[PatentNumber]:
    """Every patent number in ``text``, in order, without repeats. Never raises."""
    text = _prepare(text)
    found: list[PatentNumber] = []
    taken: list[tuple[int, int]] = []
    for match in PUBLICATION_RE.finditer(text):
        digits = match.group(2) or match.group(3)
        kind, suffix = match.group(4), match.group(5)
        found.append((match.start(), PatentNumber("publication", f"CN{digits}{kind}{suffix}")))
        taken.append(match.span())
    for match in APPLICATION_RE.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        digits = re.sub(r"\D", "", match.group(1))
        check = match.group(2)
        if application_check_char(digits) != check:
            continue
        found.append((match.start(), PatentNumber("application", f"{digits}.{check}")))
    found.sort(key=lambda item: item[0])
    return list(dict.fromkeys(number for _pos, number in found))


def parse_patent_number(text: str) -> PatentNumber | None:
    """The single patent number ``text`` consists of (nothing else but separators), or None.

    ``parse_patent_number("CN 114081026 A")`` → PatentNumber("publication", "CN114081026A");
    ``parse_patent_number("锂电池 CN114081026A")`` → None (a query that is more than a number).
    """
    numbers = parse_patent_numbers(text)
    if len(numbers) != 1:
        return None
    rest = _prepare(text)
    for pattern in (PUBLICATION_RE, APPLICATION_RE):
        rest = pattern.sub(" ", rest)
    return numbers[0] if not re.sub(r"[\s\-_.,;:/、，；：]", "", rest) else None
