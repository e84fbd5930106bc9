"""Exports of the dashboard: an XLSX workbook (core.xlsx) and a PDF report (core.pdf: WeasyPrint,
CJK fonts embedded, Extension A/B characters through the Noto CJK and HanaMin fallbacks)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import CJK_FONT_STACK
from core.pdf import pdf_bytes as render_pdf
from core.xlsx import Sheet
from core.xlsx import workbook_bytes as write_workbook

from . import selectors
from .models import LedgerTask, PeriodType

NO_DATA = "暂无数据"


def _num(value):
    return float(value) if value is not None else NO_DATA


def workbook_bytes(*, period_type: str = PeriodType.YEAR) -> bytes:
    """The dashboard as a workbook (core.xlsx: text never a formula, numbers as numbers, dates as dates)."""
    rows = selectors.indicator_rows(period_type=period_type)
    sheets = []
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
                    float(tp.percent) / 100 if tp.percent is not None else tp.status_text,
                    f"《{t.plan.title}》{t.section}",
                    t.quote,
                ]
            )
    sheets.append(
        Sheet(
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
            formats={11: "0.0%"},
        )
    )
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
    sheets.append(
        Sheet(
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
    sheets.append(
        Sheet(
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
    sheets.append(
        Sheet(
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
    )
    return write_workbook(sheets)


def report_html(*, period_type: str = PeriodType.YEAR, request=None) -> str:
    return render_to_string(
        "monitoring/report_pdf.html",
        {
            "rows": selectors.indicator_rows(period_type=period_type),
            "period_label": PeriodType(period_type).label,
            "summary": selectors.ledger_summary(),
            "overdue": selectors.ledger_tasks(params={"status": "overdue"})[:30],
            "generated": timezone.localtime(),
            "refresh": selectors.last_refresh(),
            "statuses": LedgerTask.Status,
            "font_stack": CJK_FONT_STACK,
        },
        request=request,
    )


def pdf_bytes(*, period_type: str = PeriodType.YEAR, request=None) -> bytes:
    """The dashboard report as PDF (core.pdf: CJK fonts with Extension A/B fallback embedded)."""
    html = report_html(period_type=period_type, request=request)
    return render_pdf(html, base_url=str(request.build_absolute_uri("/")) if request else None)
