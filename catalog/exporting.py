"""Export any filtered list to XLSX, with confidential cells left blank for those who may not see them."""

import io

from django.utils import timezone

from .access import confidential_mask
from .columns import COLUMNS

EXPORT_LIMIT = 50_000


def _cell(sheet, value):
    """Numbers stay numbers; everything else is written as plain text, so a title such as
    "=HYPERLINK(...)" is never turned into a live formula in the reader's Excel."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"
    return cell


def export_workbook(*, model, queryset, user) -> bytes:
    from openpyxl import Workbook

    columns = COLUMNS[model]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    header = ["编号"] + [c.header for c in columns] + ["状态", "发布时间", "链接"]
    sheet.append(header)
    for record in queryset[:EXPORT_LIMIT]:
        hidden = confidential_mask(user, record)
        row = [record.pk]
        for column in columns:
            row.append("" if column.field in hidden else column.export(record))
        published = timezone.localtime(record.published_at).strftime("%Y-%m-%d %H:%M") if record.published_at else ""
        row += [record.get_status_display(), published, record.get_absolute_url()]
        sheet.append([_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_workbook(*, header: list[str], rows, sheet_title: str = "数据") -> bytes:
    """Any table (header plus rows of values) as an XLSX file, with the same safe cells as the
    library exports (text never becomes a formula). Used by other apps' exports (programmes)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, "" if v is None else v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
