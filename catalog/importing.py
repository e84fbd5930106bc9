"""Bulk import of library records from CSV or XLSX.

All or nothing: every row is parsed and validated first; if any row is bad, nothing is written
and every problem is reported with its line (as the operator sees it in the spreadsheet, the
header being line 1), its column and a Chinese message.
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .columns import COLUMNS, Column
from .models import ReviewEvent, Status

MAX_ROWS = 20_000


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.column, "message": self.message}


@dataclass
class ImportReport:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(ValueError):
    """The file itself cannot be read (wrong type, encoding, no header)."""


def read_table(filename: str, content: bytes) -> list[dict]:
    """Rows as dicts keyed by header, each with its spreadsheet line number under "__line__"."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(content)
    elif name.endswith(".csv"):
        rows = _read_csv(content)
    else:
        raise ImportFileError(_("只支持 .csv 或 .xlsx 文件。"))
    if not rows:
        raise ImportFileError(_("文件为空，或缺少表头行。"))
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    result = []
    for offset, values in enumerate(rows[1:], start=2):
        if values is None or all(v in (None, "") or str(v).strip() == "" for v in values):
            continue
        row = {header[i]: values[i] for i in range(min(len(header), len(values))) if header[i]}
        row["__line__"] = offset
        result.append(row)
    if len(result) > MAX_ROWS:
        raise ImportFileError(_("一次最多导入 %(n)s 行，请拆分文件。") % {"n": MAX_ROWS})
    return [{"__header__": header}] + result


def _read_csv(content: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("无法识别文件编码，请另存为 UTF-8 编码的 CSV。"))
    return [row for row in csv.reader(io.StringIO(text))]


def _read_xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise ImportFileError(_("无法读取 Excel 文件：%(e)s") % {"e": exc}) from None
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _message(error) -> str:
    return "；".join(str(m) for m in error.messages) if hasattr(error, "messages") else str(error)


def import_records(*, model, filename: str, content: bytes, by, owner_org=None, publish: bool = True) -> ImportReport:
    """Validate every row, then write all of them in one transaction, or none."""
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以批量导入。"))
    columns: list[Column] = COLUMNS[model]
    report = ImportReport()
    try:
        table = read_table(filename, content)
    except ImportFileError as exc:
        report.errors.append(RowError(1, _("文件"), str(exc)))
        return report
    header = table[0]["__header__"]
    missing = [c.header for c in columns if c.required and c.header not in header]
    if missing:
        report.errors.append(RowError(1, _("表头"), _("缺少必填列：%(cols)s") % {"cols": "、".join(missing)}))
        return report
    unknown = [h for h in header if h and h not in {c.header for c in columns}]
    if unknown:
        report.errors.append(RowError(1, _("表头"), _("无法识别的列：%(cols)s") % {"cols": "、".join(unknown)}))
        return report

    pending = []
    header_by_field = {c.field: c.header for c in columns}
    for row in table[1:]:
        line = row["__line__"]
        values, m2m, row_errors = {}, {}, []
        for column in columns:
            raw = row.get(column.header)
            try:
                value = column.parse(raw)
            except ValueError as exc:
                row_errors.append(RowError(line, column.header, str(exc)))
                continue
            if column.required and value in ("", None, []):
                row_errors.append(RowError(line, column.header, _("必填")))
                continue
            if column.m2m:
                m2m[column.field] = value
            elif value not in ("", None) or column.field in values:
                values[column.field] = value
        if not row_errors:
            record = model(owner_org=owner_org, created_by=by, **values)
            try:
                record.full_clean(exclude=["owner_org", "created_by"])
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    row_errors.append(RowError(line, header_by_field.get(name, name), "；".join(messages)))
            else:
                pending.append((record, m2m))
        report.errors.extend(row_errors)
    if report.errors:
        return report
    if not pending:
        report.errors.append(RowError(2, _("文件"), _("没有数据行。")))
        return report

    now = timezone.now()
    with transaction.atomic():
        content_type = ContentType.objects.get_for_model(model)
        events = []
        for record, m2m in pending:
            if publish:
                from datetime import timedelta

                from django.conf import settings

                record.status = Status.PUBLISHED
                record.published_at = now
                record.expires_at = now + timedelta(days=settings.RECORD_TTL_DAYS)
            record.save()
            for name, values in m2m.items():
                getattr(record, name).set(values)
            events.append(
                ReviewEvent(
                    content_type=content_type, object_id=record.pk, action="import", from_status=Status.DRAFT,
                    to_status=record.status, actor=by, reason=_("批量导入：%(f)s") % {"f": filename[:100]},
                )
            )
        ReviewEvent.objects.bulk_create(events)
        if publish:
            from .signals import resource_changed

            records = [record for record, _m2m in pending]
            transaction.on_commit(
                lambda: [resource_changed.send(sender=model, record=r, action="published") for r in records]
            )
    report.created = len(pending)
    return report


def template_workbook(model) -> bytes:
    """An empty XLSX with the library's headers (required ones marked) and a notes sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    columns = COLUMNS[model]
    sheet.append([c.header for c in columns])
    for cell, column in zip(sheet[1], columns, strict=True):
        cell.font = Font(bold=True, color="FFFFFF" if column.required else "000000")
        if column.required:
            cell.fill = PatternFill("solid", fgColor="8C1C13")
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.header) * 2 + 2)
    notes = workbook.create_sheet("说明")
    notes.append(["列", "必填", "说明"])
    for column in columns:
        notes.append([column.header, "是" if column.required else "", _column_hint(column)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_hint(column: Column) -> str:
    from .columns import parse_bool, parse_date, parse_decimal, parse_int

    if column.m2m:
        return "多个用顿号“、”分隔，名称须与平台产业链一致"
    if column.parse is parse_decimal:
        return "数字，单位见列名；“面议”或留空表示不填"
    if column.parse is parse_int:
        return "整数"
    if column.parse is parse_bool:
        return "是 / 否"
    if column.parse is parse_date:
        return "日期，如 2025-06-30"
    if column.field in ("prefecture", "county"):
        return "名称或6位行政区划代码"
    return ""
