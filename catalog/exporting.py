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


def audit_list_export(*, user, lib, queryset, params: dict, request=None) -> None:
    """Write the audit row of one library export (issue 9): the list, its filter, the row count
    (件, capped at ``EXPORT_LIMIT``) and whether any confidential cell held a value for ``user``.
    Called by the page (``request`` gives the client address) and by the background export job."""
    from core.audit import audit_export

    from .access import can_see_confidential

    ids = list(queryset.values_list("pk", flat=True)[:EXPORT_LIMIT])
    confidential = bool(lib.model.confidential_fields) and any(
        can_see_confidential(user, r)
        for r in lib.model.objects.filter(pk__in=ids).only("pk", "created_by", "owner_org")
    )
    audit_export(
        request=request, actor=user, name=f"catalog.{lib.slug}", params=params, rows=len(ids), confidential=confidential
    )
