"""Exports of the dashboard: an XLSX workbook (openpyxl) and a PDF report (WeasyPrint, CJK font
embedded from the system's WenQuanYi Micro Hei)."""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import selectors
from .models import LedgerTask, PeriodType

NO_DATA = "暂无数据"
HEADER_FILL = PatternFill("solid", fgColor="8C1C13")


def _sheet(wb, title, headers, rows, widths=None):
    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
    for index, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    return ws


def _num(value):
    return float(value) if value is not None else NO_DATA


def workbook_bytes(*, period_type: str = PeriodType.YEAR) -> bytes:
    rows = selectors.indicator_rows(period_type=period_type)
    wb = Workbook()
    wb.remove(wb.active)
    target_rows = []
    for row in rows:
        ind = row.indicator
        base = [ind.name, ind.unit, ind.get_source_display(), ind.metric_code or "", ind.owner_department or ""]
        latest = [_num(row.latest.value) if row.latest else NO_DATA, row.latest.period_label if row.latest else ""]
        if not row.targets:
            target_rows.append(base + latest + ["", "", "", "", "", "", ""])
        for tp in row.targets:
            t = tp.target
            target_rows.append(
                base
                + latest
                + [
                    t.year,
                    float(t.value),
                    t.comparator,
                    _num(t.baseline_value) if t.baseline_value is not None else "—",
                    float(tp.percent) / 100 if tp.percent is not None else NO_DATA,
                    f"《{t.plan.title}》{t.section}",
                    t.quote,
                ]
            )
    ws = _sheet(
        wb,
        _("指标与目标"),
        [
            _("指标"),
            _("单位"),
            _("来源"),
            _("平台指标代码"),
            _("责任部门"),
            _("最新值"),
            _("期间"),
            _("目标年份"),
            _("目标值"),
            _("表述"),
            _("基期值"),
            _("完成率"),
            _("出处"),
            _("原文"),
        ],
        target_rows,
        [34, 8, 10, 22, 14, 12, 14, 9, 10, 8, 9, 9, 50, 40],
    )
    for cell in ws["L"][1:]:
        if isinstance(cell.value, float):
            cell.number_format = "0.0%"
    observations = []
    for row in rows:
        for obs in row.indicator.observations.all():
            observations.append(
                [
                    row.indicator.name,
                    row.indicator.unit,
                    obs.get_period_type_display(),
                    obs.period_label,
                    obs.period_start,
                    obs.period_end,
                    float(obs.value),
                    obs.get_source_display(),
                    obs.evidence,
                    str(obs.reporter or ""),
                ]
            )
    _sheet(
        wb,
        _("观测值"),
        [
            _("指标"),
            _("单位"),
            _("周期"),
            _("期间"),
            _("开始"),
            _("结束"),
            _("数值"),
            _("来源"),
            _("佐证说明"),
            _("填报人"),
        ],
        observations,
        [34, 8, 8, 16, 12, 12, 12, 10, 40, 12],
    )
    tasks = []
    for task in selectors.ledger_tasks():
        done = sum((p.amount for p in task.progress.all() if p.amount is not None), start=0)
        tasks.append(
            [
                task.code,
                task.section,
                task.title,
                task.owner_department or _("未指定"),
                task.deadline,
                _num(task.goal_value) if task.goal_value is not None else "",
                task.goal_unit,
                float(done),
                task.get_status_display(),
                _("逾期") if task.is_overdue else "",
                task.close_note,
            ]
        )
    _sheet(
        wb,
        _("任务台账"),
        [
            _("编号"),
            _("章节"),
            _("任务"),
            _("责任部门"),
            _("完成时限"),
            _("目标值"),
            _("单位"),
            _("已完成"),
            _("状态"),
            _("预警"),
            _("销号意见"),
        ],
        tasks,
        [10, 12, 60, 14, 12, 9, 7, 9, 9, 7, 30],
    )
    year = timezone.localdate().year - 1
    parks = []
    for prow in selectors.park_rows(year=year):
        fig = prow.figures
        parks.append(
            [prow.rank or "", prow.park.name, _num(prow.park.land_area_mu)]
            + [_num(getattr(fig, k, None)) for k in ("investment", "output", "tax", "energy")]
            + [_num(prow.per_mu[k]) for k in ("investment", "output", "tax", "energy")]
            + [float(prow.target.output_yi) if prow.target else ""]
        )
    _sheet(
        wb,
        _("园区亩均%(year)s") % {"year": year},
        [
            _("排名（亩均税收）"),
            _("园区"),
            _("用地（亩）"),
            _("投资（万元）"),
            _("产值（万元）"),
            _("税收（万元）"),
            _("能耗（吨标准煤）"),
            _("亩均投资"),
            _("亩均产值"),
            _("亩均税收"),
            _("亩均能耗"),
            _("2025年产值目标（亿元）"),
        ],
        parks,
        [10, 34, 10, 12, 12, 12, 12, 10, 10, 10, 10, 14],
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def pdf_bytes(*, period_type: str = PeriodType.YEAR, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "monitoring/report_pdf.html",
        {
            "rows": selectors.indicator_rows(period_type=period_type),
            "period_label": PeriodType(period_type).label,
            "summary": selectors.ledger_summary(),
            "overdue": selectors.ledger_tasks(params={"status": "overdue"})[:30],
            "generated": timezone.localtime(),
            "refresh": selectors.last_refresh(),
            "statuses": LedgerTask.Status,
        },
        request=request,
    )
    return HTML(string=html, base_url=str(request.build_absolute_uri("/")) if request else None).write_pdf()
