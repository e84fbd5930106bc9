"""The one import pipeline's reading half: spreadsheet files in, clean cells out.

Every import (the resource libraries, patents, and later annual figures and registries) reads its
file through ``read_table`` and parses cells with the parsers below, so that every file an operator
really has is read the same way:

- CSV in UTF-8 with or without BOM or in GB18030 (which includes GBK, what Excel on Chinese Windows
  writes), with any line ending (CR as Excel for Mac writes, LF, CRLF); optionally gzip-compressed
  (``.csv.gz``, ``.jsonl.gz``); XLSX (first sheet) whatever dimension the sheet declares (WPS and
  some generators write ``A1``), read row by row; JSON Lines.
- The header row is found among the first ``HEADER_SCAN_ROWS`` rows (a title row above it, as
  government summary sheets have, is skipped), headers matched after ``core.text.header_key``
  (NFKC, case, whitespace: ``预算上限（万元）`` = ``预算上限(万元)``).
- At most ``max_rows`` data rows are read; a longer file is refused before more is held in memory.
- Every cell is cleaned by ``core.text.clean`` (NFKC, format characters removed); a control
  character such as NUL is a row error, never stored.

Refusals of the whole file raise ``ImportFileError`` (a Chinese message); refusals of a cell are
``RowError(line, column, message)`` with the line as the operator sees it in the spreadsheet.
"""

import codecs
import csv
import datetime as dt
import gzip
import io
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .text import clean, control_characters, fold, header_key

HEADER_SCAN_ROWS = 10


class ImportFileError(ValueError):
    """The file itself cannot be read (type, encoding, header, size); the message is Chinese."""


@dataclass
class RowError:
    """One refusal: ``line`` as in the spreadsheet (first line 1), ``column`` its header, a Chinese message."""

    line: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.column, "message": self.message}

    def __str__(self) -> str:
        return _("第 %(line)d 行 %(field)s：%(message)s") % {
            "line": self.line,
            "field": self.column,
            "message": self.message,
        }


@dataclass
class Row:
    """A data row: ``values`` by canonical column name (cleaned cells), and the cells refused."""

    line: int
    values: dict
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]  # canonical names of the recognised columns, in file order
    header_line: int
    rows: list[Row]


# ---- reading ---------------------------------------------------------------------------------


def decode_text(content: bytes) -> str:
    """UTF-8 (BOM or not) first, then GB18030; anything else is a file error."""
    if content.startswith(codecs.BOM_UTF16_LE) or content.startswith(codecs.BOM_UTF16_BE):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV。"))


def _strip_gz(name: str, content: bytes) -> tuple[str, bytes]:
    if name.endswith(".gz"):
        try:
            return name[:-3], gzip.decompress(content)
        except (OSError, EOFError) as exc:
            raise ImportFileError(_("无法解压文件：%(e)s") % {"e": exc}) from None
    return name, content


def _csv_rows(content: bytes) -> Iterable[tuple[int, list]]:
    text = decode_text(content)
    # newline="" lets the csv module see CR, LF and CRLF alike and keep line breaks inside quotes.
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 0
    try:
        for values in reader:
            start = line + 1
            line = reader.line_num
            yield start, values
    except csv.Error as exc:
        raise ImportFileError(_("第 %(l)d 行附近的 CSV 格式无法读取：%(e)s") % {"l": line + 1, "e": exc}) from None


def _xlsx_rows(content: bytes) -> Iterable[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises several types for a damaged file
        raise ImportFileError(_("无法读取 Excel 文件：%(e)s") % {"e": exc}) from None
    # The declared dimension (<dimension ref="A1"/>) may be wrong: read what the sheet holds.
    sheet.reset_dimensions()
    try:
        for row in sheet.iter_rows():
            cells = [cell for cell in row if getattr(cell, "row", None)]
            if not cells:
                continue
            values: list = []
            for cell in cells:
                index = cell.column - 1
                values.extend([None] * (index - len(values)))
                values.append(cell.value)
            yield cells[0].row, values
    except Exception as exc:  # noqa: BLE001
        raise ImportFileError(_("无法读取 Excel 文件：%(e)s") % {"e": exc}) from None
    finally:
        workbook.close()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _find_header(
    rows: Iterable[tuple[int, list]], columns: dict[str, str], required: list[str], labels: dict[str, str]
) -> tuple[int, list[str | None], list[str], Iterable[tuple[int, list]]]:
    """Scan the first rows for the header: the first row holding every required column (or, when none
    does, the row with most known columns, for the message)."""
    iterator = iter(rows)
    seen: list[tuple[int, list]] = []
    best = None
    for line, values in iterator:
        seen.append((line, values))
        keys = [header_key(v) if not _blank(v) else "" for v in values]
        mapped = [columns.get(k) for k in keys]
        names = {m for m in mapped if m}
        if names and all(r in names for r in required):
            unknown = [clean(v) for v, k, m in zip(values, keys, mapped, strict=True) if k and not m]
            return line, mapped, unknown, iterator
        if names and (best is None or len(names) > best[0]):
            best = (len(names), line, names)
        if len(seen) >= HEADER_SCAN_ROWS:
            break
    if not seen:
        raise ImportFileError(_("文件为空，或缺少表头行。"))
    missing = "、".join(labels.get(r, r) for r in required if best is None or r not in best[2])
    if best is not None:
        raise ImportFileError(_("第 %(l)d 行像是表头，但缺少必填列：%(cols)s") % {"l": best[1], "cols": missing})
    raise ImportFileError(
        _("在前 %(n)d 行中找不到表头行：表头须在数据之上、文件的前 %(n)d 行内，并包含必填列 %(cols)s。")
        % {"n": HEADER_SCAN_ROWS, "cols": missing}
    )


def _clean_cell(value, line: int, column: str, errors: list[RowError]):
    if isinstance(value, str):
        bad = control_characters(value)
        if bad:
            errors.append(
                RowError(line, column, _("含有不可见的控制字符 %(c)s，请删除后重新导入") % {"c": "、".join(bad)})
            )
            return None
        return clean(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def read_table(
    filename: str,
    content: bytes,
    *,
    columns: dict[str, str],
    required: Iterable[str] = (),
    labels: dict[str, str] | None = None,
    max_rows: int,
    unknown: str = "error",
) -> Table:
    """Read a CSV/XLSX/JSONL file (optionally ``.gz``) into cleaned rows keyed by canonical column name.

    ``columns`` maps every accepted header spelling (already passed through ``header_key``) to its
    canonical name; ``required`` lists canonical names the header must hold; ``labels`` gives each
    canonical name the header shown in messages; ``unknown="error"`` refuses a file with columns
    nobody reads, ``"ignore"`` skips them. Raises ImportFileError. Blank rows are skipped.
    """
    labels = labels or {}
    required = list(required)
    name, content = _strip_gz(filename.lower(), content)
    if name.endswith((".jsonl", ".ndjson")):
        return _read_jsonl(content, columns=columns, labels=labels, max_rows=max_rows)
    if name.endswith(".xlsx"):
        source = _xlsx_rows(content)
    elif name.endswith(".csv"):
        source = _csv_rows(content)
    else:
        raise ImportFileError(_("只支持 .csv 或 .xlsx 文件。"))
    header_line, mapped, unknown_headers, rest = _find_header(source, columns, required, labels)
    if unknown_headers and unknown == "error":
        raise ImportFileError(_("无法识别的列：%(cols)s") % {"cols": "、".join(unknown_headers)})
    rows: list[Row] = []
    for line, values in rest:
        if all(_blank(v) for v in values):
            continue
        if len(rows) >= max_rows:
            raise ImportFileError(_("一次最多导入 %(n)s 行，请拆分文件。") % {"n": f"{max_rows:,}"})
        row = Row(line=line, values={})
        for index, value in enumerate(values[: len(mapped)]):
            name = mapped[index]
            if name and name not in row.values:
                row.values[name] = _clean_cell(value, line, labels.get(name, name), row.errors)
        rows.append(row)
    header = [m for m in mapped if m]
    return Table(header=header, header_line=header_line, rows=rows)


def _read_jsonl(content: bytes, *, columns, labels, max_rows) -> Table:
    text = decode_text(content)
    rows: list[Row] = []
    header: dict[str, None] = {}
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if not line.strip():
            continue
        if len(rows) >= max_rows:
            raise ImportFileError(_("一次最多导入 %(n)s 行，请拆分文件。") % {"n": f"{max_rows:,}"})
        row = Row(line=number, values={})
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            row.errors.append(RowError(number, "-", _("不是有效的 JSON：%(e)s") % {"e": exc.msg}))
            rows.append(row)
            continue
        if not isinstance(data, dict):
            row.errors.append(RowError(number, "-", _("每行须为一个 JSON 对象")))
            rows.append(row)
            continue
        for key, value in data.items():
            name = columns.get(header_key(key))
            if not name:
                continue
            header[name] = None
            if isinstance(value, list):
                value = [_clean_cell(v, number, labels.get(name, name), row.errors) for v in value]
            row.values[name] = _clean_cell(value, number, labels.get(name, name), row.errors)
        rows.append(row)
    return Table(header=list(header), header_line=0, rows=rows)


# ---- cell parsers ------------------------------------------------------------------------------
# Each takes a cleaned cell (str, int, float, date, datetime or None) and returns a value or None
# for a blank cell, or raises ValueError with a Chinese message.


def _text(value) -> str:
    return "" if value is None else fold(value)


def parse_integer(value, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """Whole numbers only: ``5``, ``5.0``, ``"1,000"``; refuses ``inf``, ``nan``, ``5.5``, words."""
    if isinstance(value, bool):
        raise ValueError(_("“%(v)s”不是整数") % {"v": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise ValueError(_("“%(v)s”不是整数") % {"v": value})
        number = int(value)
    else:
        text = _text(value).replace(",", "")
        if not text:
            return None
        try:
            decimal = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(v)s”不是整数") % {"v": text}) from None
        if not decimal.is_finite() or decimal != decimal.to_integral_value():
            raise ValueError(_("“%(v)s”不是整数") % {"v": text})
        number = int(decimal)
    if minimum is not None and number < minimum or maximum is not None and number > maximum:
        low = "" if minimum is None else minimum
        high = "" if maximum is None else maximum
        raise ValueError(_("%(v)s 超出范围（%(lo)s–%(hi)s）") % {"v": number, "lo": low, "hi": high})
    return number


# Units an amount column may meet, as multiples of one 元.
UNIT_FACTORS = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "亿元": Decimal(10**8),
    "亿": Decimal(10**8),
}
_AMOUNT_RE = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(亿元|万元|亿|万|元)?$")
NEGOTIABLE = {"面议", "议价", "协商"}


def parse_amount(value, *, unit: str = "万元", minimum: Decimal | None = Decimal(0), places: int = 2) -> Decimal | None:
    """A money amount in the column's ``unit`` (元 / 万元 / 亿元). A cell may carry a unit: the
    column's own (``50万元`` in a （万元） column) or another, converted (``500000元`` → 50 万元);
    ``1,000`` and ``1，000`` read as 1000; ``面议`` and blank → None; refuses ``inf``/``nan``, words,
    amounts below ``minimum`` and more than ``places`` decimals after conversion would lose."""
    if isinstance(value, bool):
        raise ValueError(_("“%(v)s”不是金额") % {"v": value})
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(_("“%(v)s”不是有效数字") % {"v": value})
        number, given = Decimal(str(value)), unit
    else:
        text = _text(value).replace(",", "").replace(" ", "")
        if not text or text in NEGOTIABLE:
            return None
        match = _AMOUNT_RE.match(text)
        if not match:
            raise ValueError(
                _("“%(v)s”不是数字：请填金额，单位为%(u)s（可写“50”或“50%(u)s”）") % {"v": text, "u": unit}
            )
        number, given = Decimal(match.group(1)), match.group(2) or unit
    if given != unit:
        number = number * UNIT_FACTORS[given] / UNIT_FACTORS[unit]
    quantum = Decimal(1).scaleb(-places)
    rounded = number.quantize(quantum)
    if rounded != number:
        raise ValueError(_("“%(v)s”换算为%(u)s后超过 %(p)d 位小数") % {"v": value, "u": unit, "p": places})
    if minimum is not None and rounded < minimum:
        raise ValueError(_("金额不能小于 %(m)s") % {"m": minimum})
    return rounded


def parse_number(value, *, minimum: Decimal | None = None, maximum: Decimal | None = None) -> Decimal | None:
    """A finite decimal (rates, percentages): ``3.5``, ``3.5%``; refuses ``inf``, ``nan`` and words."""
    if isinstance(value, bool):
        raise ValueError(_("“%(v)s”不是数字") % {"v": value})
    text = str(value) if isinstance(value, (int, float)) else _text(value).replace(",", "").rstrip("%")
    if not text or text in NEGOTIABLE:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(v)s”不是数字") % {"v": text}) from None
    if not number.is_finite():
        raise ValueError(_("“%(v)s”不是有效数字") % {"v": text})
    if minimum is not None and number < minimum or maximum is not None and number > maximum:
        raise ValueError(_("%(v)s 超出范围") % {"v": text})
    return number


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value) -> dt.date | None:
    """A date as Excel and people write it: a real date cell, ``2024-03-05``, ``2024/3/5``,
    ``2024.3.5``, ``2024年3月5日``, ``20240305``, ``2024-03-05 00:00:00``, or an Excel serial number
    (``45356``, what a date cell formatted as a number holds)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value) and 1 <= value < 2_958_466 and float(value).is_integer():
            if 10_000 <= value <= 100_000:
                return _EXCEL_EPOCH + dt.timedelta(days=int(value))
            value = str(int(value))
        else:
            raise ValueError(_("“%(v)s”不是日期，请用 2025-01-31 格式") % {"v": value})
    text = _text(value)
    if not text:
        return None
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?$", "", text)
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise ValueError(_("“%(v)s”不是日期，请用 2025-01-31 格式") % {"v": text})


TRUE_WORDS = {"是", "有", "yes", "y", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "无", "no", "n", "false", "0", "×", "✗"}


def parse_bool(value, *, blank: bool | None = False) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if not text:
        return blank
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("“%(v)s”应为“是”或“否”") % {"v": text})


def split_list(value, separators: str = "、,，;；|/\n") -> list[str]:
    """A cell holding several names: split on any of ``separators``, blanks dropped, order kept."""
    if value is None:
        return []
    if isinstance(value, list):
        return [clean(v) for v in value if clean(v)]
    parts = re.split("[" + re.escape(separators) + "]", _text(value))
    return [p.strip() for p in parts if p.strip()]


def header_map(spellings: dict[str, Iterable[str]]) -> dict[str, str]:
    """``{canonical: [header spellings]}`` → ``{header_key(spelling): canonical}``."""
    return {header_key(s): name for name, names in spellings.items() for s in (name, *names)}


ParseFn = Callable[[object], object]
