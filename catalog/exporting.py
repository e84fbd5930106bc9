"""Export any filtered list to XLSX, with confidential cells left blank for those who may not see them.

Written by the one XLSX writer (core.xlsx): text stays text (never a formula), amounts are number
cells in 万元, dates are date cells."""

from django.utils import timezone

from core.xlsx import Sheet, workbook_bytes

from .access import confidential_mask
from .columns import COLUMNS

EXPORT_LIMIT = 50_000


def _rows(model, queryset, user):
    columns = COLUMNS[model]
    for record in queryset[:EXPORT_LIMIT]:
        hidden = confidential_mask(user, record)
        row = [record.pk]
        for column in columns:
            row.append(None if column.field in hidden else column.export(record))
        published = timezone.localtime(record.published_at).replace(tzinfo=None) if record.published_at else None
        row += [record.get_status_display(), published, record.get_absolute_url()]
        yield row


def export_workbook(*, model, queryset, user) -> bytes:
    columns = COLUMNS[model]
    header = ["编号"] + [c.header for c in columns] + ["状态", "发布时间", "链接"]
    widths = [8] + [max(10, min(40, len(c.header) * 2 + 2)) for c in columns] + [8, 16, 30]
    return workbook_bytes([Sheet("数据", header, _rows(model, queryset, user), widths)])
