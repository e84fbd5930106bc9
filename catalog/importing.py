"""Bulk import of library records from CSV or XLSX: the one import pipeline for the libraries.

Reading (encodings, line endings, header row, cell cleaning, row limit) is ``core.tabular``'s, the
same as the patent import's; cell parsers are the columns' (``catalog.columns``); record rules are
the models' ``full_clean``. All or nothing: every row is parsed and validated first; if any row is
bad, nothing is written and every problem is reported with its line (as the operator sees it in the
spreadsheet), its column and a Chinese message.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tabular import ImportFileError, RowError, header_map, read_table

from .columns import COLUMNS, Column
from .models import ReviewEvent, Status

MAX_ROWS = 20_000

__all__ = ["MAX_ROWS", "ImportFileError", "ImportReport", "RowError", "import_records", "template_workbook"]


@dataclass
class ImportReport:
    """``created``: records written (0 on a dry run or a refusal); ``checked``: rows that passed;
    ``errors``: every refusal (file-level ones on line 1 or the header's line)."""

    created: int = 0
    checked: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _spellings(columns: list[Column]) -> dict[str, list[str]]:
    return {c.field: [c.header] for c in columns}


def import_records(
    *,
    model,
    filename: str,
    content: bytes,
    by,
    owner_org=None,
    publish: bool = True,
    dry_run: bool = False,
    max_rows: int = MAX_ROWS,
) -> ImportReport:
    """Import one file into one library, all rows or none.

    ``model``: a library model (``catalog.libraries.LIBRARIES[slug].model``); ``filename`` decides
    the format (``.csv``, ``.xlsx``, optionally ``.gz``); ``content``: the file's bytes; ``by``: the
    acting user (must be an operator: PermissionDenied otherwise); ``owner_org``: the organisation
    owning the new records (None: platform-owned); ``publish``: publish at once (else drafts);
    ``dry_run``: check every row and report, write nothing. Never raises for bad data: file-level
    and row-level refusals come back in ``ImportReport.errors`` and nothing is written.
    """
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以批量导入。"))
    columns: list[Column] = COLUMNS[model]
    labels = {c.field: c.header for c in columns}
    report = ImportReport(dry_run=dry_run)
    try:
        table = read_table(
            filename,
            content,
            columns=header_map(_spellings(columns)),
            required=[c.field for c in columns if c.required],
            labels=labels,
            max_rows=max_rows,
        )
    except ImportFileError as exc:
        report.errors.append(RowError(1, _("文件"), str(exc)))
        return report

    pending = []
    for row in table.rows:
        line = row.line
        values, m2m, row_errors = {}, {}, list(row.errors)
        bad_cells = {e.column for e in row.errors}
        for column in columns:
            if column.header in bad_cells:
                continue
            raw = row.values.get(column.field)
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
        # The model's own checks run on a row with unreadable cells too (on the cells that were
        # read), so that one upload lists every error of the row; the cross-field rules (clean)
        # wait until every cell of the row could be read.
        failed = {e.column for e in row_errors}
        exclude = ["owner_org", "created_by", *(c.field for c in columns if c.header in failed)]
        record = model(owner_org=owner_org, created_by=by, **values)
        try:
            if row_errors:
                record.clean_fields(exclude=exclude)
            else:
                record.full_clean(exclude=exclude)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                row_errors.append(RowError(line, labels.get(name, name), "；".join(messages)))
        if not row_errors:
            pending.append((record, m2m))
        report.errors.extend(row_errors)
    if report.errors:
        return report
    if not pending:
        report.errors.append(RowError(table.header_line + 1, _("文件"), _("没有数据行。")))
        return report
    report.checked = len(pending)
    if dry_run:
        return report

    now = timezone.now()
    with transaction.atomic():
        content_type = ContentType.objects.get_for_model(model)
        events = []
        for record, m2m in pending:
            if publish:
                record.status = Status.PUBLISHED
                record.published_at = now
                record.expires_at = now + timedelta(days=settings.RECORD_TTL_DAYS)
            record.save()
            for name, related in m2m.items():
                getattr(record, name).set(related)
            events.append(
                ReviewEvent(
                    content_type=content_type,
                    object_id=record.pk,
                    action="import",
                    from_status=Status.DRAFT,
                    to_status=record.status,
                    actor=by,
                    reason=_("批量导入：%(f)s") % {"f": filename[:100]},
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
    from .columns import parse_amount, parse_bool, parse_date, parse_int, parse_patent_list, parse_percent, parse_trl

    if column.m2m:
        return "多个用顿号“、”分隔，名称须与平台产业链一致"
    if column.parse is parse_amount:
        return "金额，单位万元，可写 50 或 50万元（元、亿元会换算）；“面议”或留空表示不填"
    if column.parse is parse_percent:
        return "百分数，0–100"
    if column.parse is parse_trl:
        return "整数 1–9"
    if column.parse is parse_int:
        return "整数"
    if column.parse is parse_bool:
        return "是 / 否"
    if column.parse is parse_date:
        return "日期，如 2025-06-30、2025/6/30 或 2025年6月30日"
    if column.parse is parse_patent_list:
        return "专利号，如 CN114081026A 或 201710601862.3，多个用顿号分隔"
    if column.field in ("prefecture", "county"):
        return "名称或6位行政区划代码"
    return ""
