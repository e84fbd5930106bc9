"""The monthly statistics report of technology contracts (技术合同月度统计报告), PDF and XLSX, for
operators and leaders (``access.may_see_monthly_report``).

Every figure comes from ``deals.statistics`` (``totals`` and ``breakdown``: registered contracts,
each by the rule for its state at the period's end; see that module). This module only arranges
them side by side and computes the changes; it aggregates nothing itself.

For a month M of year Y the report shows, for both measures (合同成交额 and 技术交易额, 万元 in the
tables, 亿元 in the headline and against the targets) and the count (项):

- 本月: M; 上月: the month before (环比, month-over-month); 上年同月: M of Y-1 (同比, year-over-year);
- 本年累计: 1 January Y to the end of M; 上年同期累计: 1 January Y-1 to the end of M of Y-1;
- the breakdowns of ``deals.metrics.BREAKDOWNS``: 输出 (seller region), 吸纳 (buyer region), new city,
  chain, technical field, contract type, subtype, payment mode;
- the plan targets attached to the two indicators (monitoring ``Target`` rows, quoted with their
  section) and the progress 本年累计 / target.

A change is ``(current − previous) / previous × 100`` (%, one decimal); ``None`` when the previous
figure is zero (shown as "—": no base to compare with).
"""

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.pdf import CJK_FONT_STACK
from core.pdf import pdf_bytes as render_pdf
from core.xlsx import Sheet, workbook_bytes

from . import statistics
from .metrics import BREAKDOWNS, YI

SECTION_LABELS = {
    "seller_region": gettext_lazy("技术输出（按卖方所在地区）"),
    "buyer_region": gettext_lazy("技术吸纳（按买方所在地区）"),
    "new_city": gettext_lazy("按新城（需求方所在）"),
    "chain": gettext_lazy("按产业链"),
    "tech_field": gettext_lazy("按技术领域"),
    "contract_type": gettext_lazy("按合同类型"),
    "subtype": gettext_lazy("按合同子类"),
    "payment_mode": gettext_lazy("按支付方式"),
}
PERIOD_KEYS = ("month", "prev_month", "last_year_month", "ytd", "last_ytd")
METRIC_CODES = {"total_amount": "tech_contract_turnover", "tech_amount": "tech_trade_amount"}
EMPTY = {"count": 0, "total_amount": Decimal(0), "tech_amount": Decimal(0)}


def parse_month(value: str | None, today: dt.date | None = None) -> dt.date:
    """'YYYY-MM' → the first day of that month. Empty: the previous month (the report is made once
    a month is over). Raises ValueError for anything else or a month after the current one."""
    today = today or timezone.localdate()
    if not value:
        first = today.replace(day=1)
        return (first - dt.timedelta(days=1)).replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        day = dt.date(year, month, 1)
    except (TypeError, ValueError):
        raise ValueError(_("月份格式应为 YYYY-MM。")) from None
    if day > today or year < 2000:
        raise ValueError(_("月份须在 2000 年 1 月至本月之间。"))
    return day


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def periods(month: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """{key: (start, end)} for the five periods the report compares (see the module docstring)."""
    start, end = month, _month_end(month)
    prev = (start - dt.timedelta(days=1)).replace(day=1)
    last_year = _shift_year(start, -1)
    return {
        "month": (start, end),
        "prev_month": (prev, _month_end(prev)),
        "last_year_month": (last_year, _month_end(last_year)),
        "ytd": (start.replace(month=1), end),
        "last_ytd": (last_year.replace(month=1), _month_end(last_year)),
    }


def change(current, previous) -> Decimal | None:
    """(current − previous) / previous × 100, one decimal (%); None without a base."""
    if not previous:
        return None
    return ((Decimal(current) - Decimal(previous)) / Decimal(previous) * 100).quantize(Decimal("0.1"))


@dataclass
class Row:
    label: str
    values: dict[str, dict]  # period key → {"count", "total_amount", "tech_amount"} (万元)

    def __getitem__(self, key):
        return self.values[key]

    def _change(self, a: str, b: str, measure: str):
        return change(self.values[a][measure], self.values[b][measure])

    @property
    def mom_total(self):
        return self._change("month", "prev_month", "total_amount")

    @property
    def mom_tech(self):
        return self._change("month", "prev_month", "tech_amount")

    @property
    def yoy_total(self):
        return self._change("month", "last_year_month", "total_amount")

    @property
    def yoy_tech(self):
        return self._change("month", "last_year_month", "tech_amount")

    @property
    def ytd_yoy_total(self):
        return self._change("ytd", "last_ytd", "total_amount")

    @property
    def ytd_yoy_tech(self):
        return self._change("ytd", "last_ytd", "tech_amount")

    @property
    def mom_count(self):
        return self._change("month", "prev_month", "count")

    @property
    def yoy_count(self):
        return self._change("month", "last_year_month", "count")


@dataclass
class TargetRow:
    indicator: str
    measure: str  # "total_amount" | "tech_amount"
    year: int
    comparator: str
    value: Decimal  # 亿元
    source: str
    quote: str
    ytd: Decimal  # 亿元, this report's year to date
    percent: Decimal | None  # ytd / value × 100


@dataclass
class Report:
    month: dt.date
    periods: dict
    as_of: dt.date
    generated: dt.datetime
    total: Row
    sections: list[tuple[str, str, list[Row]]] = field(default_factory=list)  # (code, label, rows)
    targets: list[TargetRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("技术合同月度统计报告（%(year)d年%(month)d月）") % {"year": self.month.year, "month": self.month.month}

    @property
    def ytd_total_yi(self) -> Decimal:
        return (self.total["ytd"]["total_amount"] / YI).quantize(Decimal("0.0001"))

    @property
    def ytd_tech_yi(self) -> Decimal:
        return (self.total["ytd"]["tech_amount"] / YI).quantize(Decimal("0.0001"))


def _targets(month: dt.date, ytd: dict) -> list[TargetRow]:
    """The plan targets on the two indicators for this year and later (monitoring's Target rows)."""
    from monitoring.models import Target

    rows = []
    qs = (
        Target.objects.filter(indicator__metric_code__in=METRIC_CODES.values(), year__gte=month.year)
        .select_related("indicator", "plan")
        .order_by("indicator__order", "year")
    )
    for target in qs:
        measure = next(k for k, v in METRIC_CODES.items() if v == target.indicator.metric_code)
        value_yi = (ytd[measure] / YI).quantize(Decimal("0.0001"))
        percent = (value_yi / target.value * 100).quantize(Decimal("0.1")) if target.value else None
        rows.append(
            TargetRow(
                indicator=target.indicator.name,
                measure=measure,
                year=target.year,
                comparator=target.comparator,
                value=target.value,
                source=f"《{target.plan.title}》{target.section}",
                quote=target.quote,
                ytd=value_yi,
                percent=percent,
            )
        )
    return rows


def build(month: dt.date) -> Report:
    """The report for the month starting ``month`` (the first day of a month)."""
    spans = periods(month)
    totals = {key: statistics.totals(start, end) for key, (start, end) in spans.items()}
    report = Report(
        month=month,
        periods=spans,
        as_of=statistics._as_of(spans["month"][1], None),
        generated=timezone.localtime(),
        total=Row(label=_("合计"), values=totals),
    )
    for by in BREAKDOWNS:
        per_period = {key: statistics.breakdown(by, start, end) for key, (start, end) in spans.items()}
        # Labels in the order of this year's figures (largest technology amount first), then the
        # labels that only earlier periods have.
        labels = list(per_period["ytd"])
        for key in PERIOD_KEYS:
            labels += [label for label in per_period[key] if label not in labels]
        rows = [
            Row(label=label, values={key: per_period[key].get(label, EMPTY) for key in PERIOD_KEYS}) for label in labels
        ]
        report.sections.append((by, str(SECTION_LABELS[by]), rows))
    report.targets = _targets(month, totals["ytd"])
    return report


# ---- PDF ----------------------------------------------------------------------------------------


def html(report: Report, request=None) -> str:
    return render_to_string(
        "deals/monthly_report_pdf.html",
        {"report": report, "basis": basis_lines(report), "font_stack": CJK_FONT_STACK},
        request=request,
    )


def pdf_bytes(report: Report, request=None) -> bytes:
    """The report as PDF (core.pdf: WeasyPrint, CJK fonts embedded)."""
    return render_pdf(html(report, request), base_url=str(request.build_absolute_uri("/")) if request else None)


# ---- XLSX ---------------------------------------------------------------------------------------


def _pct(value):
    return float(value) / 100 if value is not None else "—"


def _headers() -> list[str]:
    return [
        _("维度"),
        _("分组"),
        _("本月合同数（项）"),
        _("本月合同成交额（万元）"),
        _("本月技术交易额（万元）"),
        _("上月合同成交额（万元）"),
        _("合同成交额环比"),
        _("上年同月合同成交额（万元）"),
        _("合同成交额同比"),
        _("上月技术交易额（万元）"),
        _("技术交易额环比"),
        _("上年同月技术交易额（万元）"),
        _("技术交易额同比"),
        _("本年累计合同数（项）"),
        _("本年累计合同成交额（万元）"),
        _("本年累计技术交易额（万元）"),
        _("上年同期累计合同成交额（万元）"),
        _("累计合同成交额同比"),
        _("上年同期累计技术交易额（万元）"),
        _("累计技术交易额同比"),
    ]


def _xlsx_row(section: str, row: Row) -> list:
    return [
        section,
        row.label,
        row["month"]["count"],
        row["month"]["total_amount"],
        row["month"]["tech_amount"],
        row["prev_month"]["total_amount"],
        _pct(row.mom_total),
        row["last_year_month"]["total_amount"],
        _pct(row.yoy_total),
        row["prev_month"]["tech_amount"],
        _pct(row.mom_tech),
        row["last_year_month"]["tech_amount"],
        _pct(row.yoy_tech),
        row["ytd"]["count"],
        row["ytd"]["total_amount"],
        row["ytd"]["tech_amount"],
        row["last_ytd"]["total_amount"],
        _pct(row.ytd_yoy_total),
        row["last_ytd"]["tech_amount"],
        _pct(row.ytd_yoy_tech),
    ]


def xlsx_bytes(report: Report) -> bytes:
    """The report as a workbook: 月度统计 (every dimension, both measures, changes as percentages),
    规划目标 (targets and progress), 口径 (the basis)."""
    rows = [_xlsx_row(_("合计"), report.total)]
    for _code, label, section_rows in report.sections:
        rows += [_xlsx_row(label, row) for row in section_rows]
    percent_columns = {6: "0.0%", 8: "0.0%", 10: "0.0%", 12: "0.0%", 17: "0.0%", 19: "0.0%"}
    targets = [
        [
            t.indicator,
            t.year,
            t.comparator,
            t.value,
            t.ytd,
            float(t.percent) / 100 if t.percent is not None else "—",
            t.source,
            t.quote,
        ]
        for t in report.targets
    ]
    basis = [[line] for line in basis_lines(report)]
    return workbook_bytes(
        [
            Sheet(_("月度统计"), _headers(), rows, widths=[22, 24] + [13] * 18, formats=percent_columns),
            Sheet(
                _("规划目标"),
                [
                    _("指标"),
                    _("目标年份"),
                    _("表述"),
                    _("目标值（亿元）"),
                    _("本年累计（亿元）"),
                    _("完成率"),
                    _("出处"),
                    _("原文"),
                ],
                targets,
                widths=[18, 9, 8, 12, 14, 9, 50, 50],
                formats={3: "0.0000", 4: "0.0000", 5: "0.0%"},
            ),
            Sheet(_("口径"), [_("说明")], basis, widths=[120]),
        ]
    )


def basis_lines(report: Report) -> list[str]:
    spans = report.periods

    def span(key):
        start, end = spans[key]
        return f"{start:%Y-%m-%d}—{end:%Y-%m-%d}"

    return [
        _("仅计本平台已认定登记的技术合同（按登记日期）；不是全省或新区的官方统计数据。"),
        _(
            "合同成交额＝登记合同的合同总额（含非技术部分）；技术交易额＝其中的技术部分（登记机构核定后的金额）。"
            "金额单位：表内万元，目标与累计对比为亿元。"
        ),
        _("每个期间按该期间末的合同状态计：解除的合同自解除生效日起不计，变更的合同自变更生效日起按变更后金额计。"),
        _("本月 %(a)s；上月 %(b)s；上年同月 %(c)s；本年累计 %(d)s；上年同期累计 %(e)s。")
        % {
            "a": span("month"),
            "b": span("prev_month"),
            "c": span("last_year_month"),
            "d": span("ytd"),
            "e": span("last_ytd"),
        },
        _("环比＝（本月−上月）÷上月；同比＝（本月−上年同月）÷上年同月；基数为零时不计算（“—”）。"),
        _("输出按卖方所在地区、吸纳按买方所在地区（合同登记时记录的当事人地区）；新城按需求方所在新城。"),
        _("生成时间：%(t)s。") % {"t": f"{report.generated:%Y-%m-%d %H:%M}"},
    ]
