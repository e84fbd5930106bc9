"""Bulk import of annual figures from a statistics file (CSV or XLSX), by operators.

Reads the file with the platform's one import pipeline (``core.tabular.read_table``: encodings,
header row found among the first rows and matched after NFKC, cells cleaned, line numbers as the
operator sees them) and reports problems as its ``RowError``. Amounts go through
``parse_amount`` (a cell may carry its unit: ``50万元``, ``500000元``), head counts through
``parse_integer`` (non-finite and fractional values refused). All or nothing: every row is checked
first; any bad row and nothing is written. Rows are stored as verified with source 统计文件导入
(``services.report_import``).

Columns: 统一社会信用代码 or 企业名称 (one of them identifies the enterprise), 年度, then any of
从业人员, 研发人员 (人), 营业收入, 净利润, 研发费用, 纳税总额, 出口额, 获得融资 (万元); a header may
carry its unit (``营业收入（万元）``).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.validators import normalise_credit_code
from catalog.importing import ImportReport
from core.tabular import RowError, header_map, parse_amount, parse_integer, read_table

from . import services
from .models import FIGURE_FIELDS

MAX_ROWS = 20_000
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
UNITS = dict(FIGURE_FIELDS)
LABELS = {"credit_code": "统一社会信用代码", "name": "企业名称", "year": "年度", **{f: h for h, f in HEADERS.items()}}
SPELLINGS = {
    "credit_code": ["统一社会信用代码", "信用代码"],
    "name": ["企业名称", "企业", "单位名称"],
    "year": ["年度", "年份"],
    **{f: [h, f"{h}（{UNITS[f]}）"] for h, f in HEADERS.items()},
}


def _organisation(values, by_code, by_name):
    code = normalise_credit_code(str(values.get("credit_code") or "")) or None
    if code:
        return by_code.get(code)
    return by_name.get(str(values.get("name") or "").strip())


def _figure(field: str, value):
    """One figure as written: 人 → int, 万元 → Decimal (net profit may be negative)."""
    if UNITS[field] == "人":
        return parse_integer(value, minimum=0)
    return parse_amount(value, unit="万元", minimum=None if field == "net_profit" else Decimal(0))


def import_reports(*, filename: str, content: bytes, by) -> ImportReport:
    """Import annual figures; returns ImportReport(created=rows written, errors=[RowError …]).

    Raises PermissionDenied for non-operators and ``core.tabular.ImportFileError`` for an
    unreadable file (type, encoding, header, size)."""
    if not by.is_operator:
        raise PermissionDenied
    table = read_table(
        filename,
        content,
        columns=header_map(SPELLINGS),
        required=["year"],
        labels=LABELS,
        max_rows=MAX_ROWS,
        unknown="ignore",
    )
    enterprises = Organisation.objects.filter(kind__in=services.ENTERPRISE_KINDS)
    by_code = {o.credit_code: o for o in enterprises if o.credit_code}
    by_name = {o.name: o for o in enterprises}
    report, parsed, seen = ImportReport(), [], set()
    for row in table.rows:
        line, values = row.line, row.values
        if row.errors:
            report.errors.extend(row.errors)
            continue
        org = _organisation(values, by_code, by_name)
        if org is None:
            report.errors.append(RowError(line, "统一社会信用代码", _("找不到该企业（请核对信用代码或名称）。")))
            continue
        try:
            year = parse_integer(values.get("year"), minimum=1990, maximum=timezone.localdate().year)
        except ValueError as exc:
            report.errors.append(RowError(line, "年度", str(exc)))
            continue
        if year is None:
            report.errors.append(RowError(line, "年度", _("请填写年度（如 2025）。")))
            continue
        if (org.pk, year) in seen:
            report.errors.append(RowError(line, "年度", _("同一企业同一年度重复。")))
            continue
        seen.add((org.pk, year))
        data, bad = {}, False
        for field in UNITS:
            try:
                data[field] = _figure(field, values.get(field))
            except ValueError as exc:
                report.errors.append(RowError(line, LABELS[field], str(exc)))
                bad = True
        if bad:
            continue
        try:
            services.clean_figures(data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                report.errors.append(RowError(line, LABELS.get(field, field), "；".join(messages)))
            continue
        parsed.append((org, year, data))
    if report.errors:
        return report
    with transaction.atomic():
        for org, year, data in parsed:
            services.report_import(profile=services.profile_for(org), by=by, year=year, data=data)
    report.created = len(parsed)
    return report
