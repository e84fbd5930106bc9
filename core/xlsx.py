"""The one XLSX writer every export uses (catalog lists, monitoring, deals, patents …).

- text is always a text cell, never a formula: ``=HYPERLINK(..)``, ``+1``, ``-2``, ``@x`` typed by a
  user stay the characters they typed in the reader's Excel or WPS (OWASP's CSV/formula injection);
- numbers (int, float, Decimal: amounts in 万元 …) are number cells, so SUM and sorting work;
  Decimal keeps two places (``0.00``) unless the column says otherwise;
- dates are date cells (``yyyy-mm-dd``), date-times local date-time cells (``yyyy-mm-dd hh:mm``);
- booleans read 是 / 否; None is an empty cell; control characters Excel cannot store are removed.

The workbook is written in openpyxl's write-only mode: rows stream, memory stays flat.
"""

import datetime as dt
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

HEADER_FILL = "8C1C13"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Sheet:
    """``formats``: column index (0-based) → Excel number format (``0.0%``, ``0.00`` …)."""

    title: str
    headers: list[str]
    rows: Iterable[list]
    widths: list[float] = field(default_factory=list)
    formats: dict[int, str] = field(default_factory=dict)


def cell(sheet, value, number_format: str | None = None):
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, bool):
        return _text(sheet, "是" if value else "否")
    if isinstance(value, (int, float, Decimal)):
        if (
            isinstance(value, float)
            and not math.isfinite(value)
            or isinstance(value, Decimal)
            and not value.is_finite()
        ):
            return _text(sheet, str(value))
        c = WriteOnlyCell(sheet, value=value)
        c.number_format = number_format or ("0.00" if isinstance(value, Decimal) else "General")
        return c
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        c = WriteOnlyCell(sheet, value=value)
        c.number_format = number_format or "yyyy-mm-dd hh:mm"
        return c
    if isinstance(value, dt.date):
        c = WriteOnlyCell(sheet, value=value)
        c.number_format = number_format or "yyyy-mm-dd"
        return c
    return _text(sheet, str(value))


def _text(sheet, text: str):
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(sheet, value=_ILLEGAL.sub("", text))
    c.data_type = "s"  # a string starting with "=" stays text, never a formula
    return c


def _header(sheet, text: str):
    from openpyxl.styles import Alignment, Font, PatternFill

    c = _text(sheet, str(text))
    c.font = Font(bold=True, color="FFFFFF")
    c.fill = PatternFill("solid", fgColor=HEADER_FILL)
    c.alignment = Alignment(vertical="center", wrap_text=True)
    return c


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """One .xlsx file with these sheets, in order."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        for index, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([_header(sheet, h) for h in spec.headers])
        for row in spec.rows:
            sheet.append([cell(sheet, v, spec.formats.get(i)) for i, v in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
