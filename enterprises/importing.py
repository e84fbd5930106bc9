"""Bulk import of annual figures from a statistics file (CSV or XLSX), by operators.

Reads the file with catalog's shared reader (``catalog.importing.read_table``; header row, line
numbers as the operator sees them) and reports problems in the same shape (``RowError``). All or
nothing: every row is checked first; any bad row and nothing is written. Rows are stored as
verified with source 统计文件导入 (``services.report_import``).

Columns: 统一社会信用代码 or 企业名称 (one of them identifies the enterprise), 年度, then any of
从业人员, 研发人员 (人), 营业收入, 净利润, 研发费用, 纳税总额, 出口额, 获得融资 (万元).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.validators import normalise_credit_code
from catalog.importing import ImportReport, RowError, read_table

from . import services
from .models import FIGURE_FIELDS

HEADERS = {
    "从业人员": "staff",
    "研发人员": "rd_staff",
    "营业收入": "revenue",
    "净利润": "net_profit",
    "研发费用": "rd_expenditure",
    "纳税总额": "tax",
    "出口额": "exports",
    "获得融资": "financing",
}
assert set(HEADERS.values()) == {f for f, _u in FIGURE_FIELDS}


def _organisation(row, by_code, by_name):
    code = normalise_credit_code(str(row.get("统一社会信用代码") or "")) or None
    if code:
        return by_code.get(code)
    return by_name.get(str(row.get("企业名称") or "").strip())


def import_reports(*, filename: str, content: bytes, by) -> ImportReport:
    """Import annual figures; returns ImportReport(created=rows written, errors=[RowError …]).

    Raises PermissionDenied for non-operators and catalog's ImportFileError for an unreadable file."""
    if not by.is_operator:
        raise PermissionDenied
    rows = read_table(filename, content)[1:]
    enterprises = Organisation.objects.filter(kind__in=services.ENTERPRISE_KINDS)
    by_code = {o.credit_code: o for o in enterprises if o.credit_code}
    by_name = {o.name: o for o in enterprises}
    report, parsed, seen = ImportReport(), [], set()
    for row in rows:
        line = row["__line__"]
        org = _organisation(row, by_code, by_name)
        if org is None:
            report.errors.append(RowError(line, "统一社会信用代码", _("找不到该企业（请核对信用代码或名称）。")))
            continue
        try:
            year = int(str(row.get("年度") or "").strip())
        except ValueError:
            report.errors.append(RowError(line, "年度", _("请填写年度（如 2025）。")))
            continue
        if not 1990 <= year <= timezone.localdate().year:
            report.errors.append(RowError(line, "年度", _("年度超出范围。")))
            continue
        if (org.pk, year) in seen:
            report.errors.append(RowError(line, "年度", _("同一企业同一年度重复。")))
            continue
        seen.add((org.pk, year))
        data = {field: row.get(header) for header, field in HEADERS.items()}
        try:
            services.clean_figures(data)
        except ValidationError as exc:
            inverse = {v: k for k, v in HEADERS.items()}
            for field, messages in exc.message_dict.items():
                report.errors.append(RowError(line, inverse.get(field, field), "；".join(messages)))
            continue
        parsed.append((org, year, data))
    if report.errors:
        return report
    with transaction.atomic():
        for org, year, data in parsed:
            services.report_import(profile=services.profile_for(org), by=by, year=year, data=data)
    report.created = len(parsed)
    return report
