"""Indicators computed from finance records (registered in FinanceConfig.ready; monitoring creates
the indicator rows on its next refresh).

- finance_amount (亿元, flow): loans granted through the platform, by ``granted_on``; breakdown by
  product type, new city and industry chain (seed 001 三(五)1①: 融资 20 亿元以上/年).
- finance_firms_matched (家, flow): enterprises whose need posted in the period matched at least one
  eligible product (三(五)3①: 每年为 150 家科技型企业智能匹配科技金融产品).
- finance_firms_financed (家, flow): enterprises granted a loan in the period.
- risk_comp_fund (万元, flow) and risk_comp_leverage (倍, flow): the risk-compensation fund put in
  and covered loans / fund (三(五)1④: 1,000 万元/年, 撬动 10 亿元).
- vc_fund_scale_platform (亿元, stock) and fund_investment_platform (亿元, flow): the fund records
  and their investments in the general window (三(五)2②), companions of the reported indicators.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

# The breakdown this app adds; monitoring's indicator page shows its title (the English is in
# this app's catalogue, kept by makemessages through this line).
BREAKDOWN_LABELS = {"product_type": _("按产品类型")}
YI = Decimal(10000)
Q4 = Decimal("0.0001")


def _loans(start, end):
    from .models import Loan

    return Loan.objects.filter(granted_on__gte=start, granted_on__lte=end)


def finance_amount(start: dt.date, end: dt.date) -> Decimal:
    return ((_loans(start, end).aggregate(s=Sum("amount"))["s"] or Decimal(0)) / YI).quantize(Q4)


def finance_breakdown(start: dt.date, end: dt.date, by: str) -> dict:
    from catalog.models import FinancialProduct
    from reference.models import NewCity

    field = {"product_type": "product_type", "new_city": "new_city", "chain": "chain"}[by]
    labels = dict(FinancialProduct.ProductType.choices) if by == "product_type" else dict(NewCity.choices)
    rows = _loans(start, end).values_list(field).annotate(s=Sum("amount")).order_by(field)
    empty = {"new_city": _("未填新城"), "chain": _("未填产业链")}.get(by, "")
    return {str(labels.get(k, k) or empty): (s / YI).quantize(Q4) for k, s in rows}


def firms_matched(start: dt.date, end: dt.date) -> int:
    from .models import FinancingNeed

    return (
        FinancingNeed.objects.filter(created_at__date__gte=start, created_at__date__lte=end, matched_products__gt=0)
        .values("organisation_id")
        .distinct()
        .count()
    )


def firms_financed(start: dt.date, end: dt.date) -> int:
    return _loans(start, end).values("organisation_id").distinct().count()


def firms_financed_breakdown(start: dt.date, end: dt.date, by: str) -> dict:
    from reference.models import NewCity

    field = {"product_type": "product_type", "new_city": "new_city", "chain": "chain"}[by]
    labels = dict(NewCity.choices)
    rows = _loans(start, end).values_list(field).annotate(n=Count("organisation", distinct=True)).order_by(field)
    return {str(labels.get(k, k) or "—"): n for k, n in rows}


def _contributions(start, end) -> Decimal:
    from .models import RiskFundEntry

    return RiskFundEntry.objects.filter(kind="contribution", on__gte=start, on__lte=end).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal(0)


def risk_fund(start: dt.date, end: dt.date) -> Decimal:
    return _contributions(start, end).quantize(Q4)


def risk_leverage(start: dt.date, end: dt.date) -> Decimal:
    fund = _contributions(start, end)
    if not fund:
        return Decimal(0)
    covered = _loans(start, end).filter(risk_covered=True).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return (covered / fund).quantize(Q4)


def fund_scale(start: dt.date, end: dt.date) -> Decimal:
    from .models import Fund

    return (Fund.objects.filter(established_on__lte=end).aggregate(s=Sum("size"))["s"] or Decimal(0)).quantize(Q4)


def fund_investment(start: dt.date, end: dt.date) -> Decimal:
    from .models import Investment

    total = Investment.objects.filter(invested_on__gte=start, invested_on__lte=end, in_general_window=True).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    return (total / YI).quantize(Q4)


def register_metrics() -> None:
    from monitoring.metrics import Metric, register_metric

    register_metric(
        Metric(
            code="finance_amount",
            label=str(_("平台促成科技企业融资额")),
            unit="亿元",
            compute=finance_amount,
            breakdown=finance_breakdown,
            breakdowns=("product_type", "new_city", "chain"),
            description=str(_("期间内经平台申请、由金融机构批准放款的金额之和（按放款日期）。")),
        )
    )
    register_metric(
        Metric(
            code="finance_firms_matched",
            label=str(_("智能匹配科技金融产品的企业数")),
            unit="家",
            compute=firms_matched,
            description=str(_("期间内发布融资需求、且至少匹配到一款符合准入条件产品的企业数。")),
        )
    )
    register_metric(
        Metric(
            code="finance_firms_financed",
            label=str(_("经平台获得融资的企业数")),
            unit="家",
            compute=firms_financed,
            breakdown=firms_financed_breakdown,
            breakdowns=("product_type", "new_city", "chain"),
            description=str(_("期间内经平台获批放款的企业数（去重）。")),
        )
    )
    register_metric(
        Metric(
            code="risk_comp_fund",
            label=str(_("风险补偿资金投入")),
            unit="万元",
            compute=risk_fund,
            description=str(_("期间内记入台账的财政风险补偿资金投入。")),
        )
    )
    register_metric(
        Metric(
            code="risk_comp_leverage",
            label=str(_("风险补偿资金撬动倍数")),
            unit="倍",
            compute=risk_leverage,
            description=str(_("期间内纳入风险补偿的放款额 ÷ 同期风险补偿资金投入。")),
        )
    )
    register_metric(
        Metric(
            code="vc_fund_scale_platform",
            label=str(_("创投基金总规模（平台登记）")),
            unit="亿元",
            compute=fund_scale,
            cumulative=True,
            description=str(_("期末平台登记的基金规模之和；统计口径以填报指标为准。")),
        )
    )
    register_metric(
        Metric(
            code="fund_investment_platform",
            label=str(_("已设立基金在总窗口投资额（平台登记）")),
            unit="亿元",
            compute=fund_investment,
            description=str(_("期间内平台登记的基金对总窗口企业的投资额之和。")),
        )
    )
