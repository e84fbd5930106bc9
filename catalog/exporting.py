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


def audit_list_export(*, user, lib, queryset, params: dict, request=None) -> None:
    """Write the audit row of one library export (issue 9): the list, its filter, the row count
    (件, capped at ``EXPORT_LIMIT``) and whether any confidential cell held a value for ``user``.
    Called by the page (``request`` gives the client address) and by the background export job."""
    from core.audit import audit_export

    from .access import can_see_confidential

    ids = list(queryset.values_list("pk", flat=True)[:EXPORT_LIMIT])
    confidential = bool(lib.model.confidential_fields) and any(
        can_see_confidential(user, r) for r in lib.model.objects.filter(pk__in=ids).only("pk", "created_by", "owner_org")
    )
    audit_export(
        request=request, actor=user, name=f"catalog.{lib.slug}", params=params, rows=len(ids), confidential=confidential
    )
