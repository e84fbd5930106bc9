"""Indicators the monitoring app reads (registered in DealsConfig.ready)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import statistics

YI = Decimal(10000)  # 万元 per 亿元


# The two measures of technology-contract turnover (both in 亿元, registered contracts only, each
# contract by its state at the period's end: see deals/statistics.py).
BREAKDOWNS = (
    "seller_region",
    "buyer_region",
    "new_city",
    "chain",
    "tech_field",
    "contract_type",
    "subtype",
    "payment_mode",
)


def turnover(start: dt.date, end: dt.date) -> Decimal:
    """合同成交额 (total contract amount) — the measure the plans' targets name (see register_metrics)."""
    return (statistics.totals(start, end)["total_amount"] / YI).quantize(Decimal("0.0001"))


def turnover_breakdown(start: dt.date, end: dt.date, by: str) -> dict[str, Decimal]:
    return {
        label: (row["total_amount"] / YI).quantize(Decimal("0.0001"))
        for label, row in statistics.breakdown(by, start, end).items()
    }


def tech_trade(start: dt.date, end: dt.date) -> Decimal:
    """技术交易额 (the technology part, as 核定 by the registrar)."""
    return (statistics.totals(start, end)["tech_amount"] / YI).quantize(Decimal("0.0001"))


def tech_trade_breakdown(start: dt.date, end: dt.date, by: str) -> dict[str, Decimal]:
    return {
        label: (row["tech_amount"] / YI).quantize(Decimal("0.0001"))
        for label, row in statistics.breakdown(by, start, end).items()
    }


def new_brokers(start: dt.date, end: dt.date) -> int:
    """Brokers entered on the register in the period (seed 001's 70 new brokers in three years)."""
    from .models import Broker

    return Broker.objects.filter(registered_at__gte=start, registered_at__lte=end).count()


def turnover_crosstab(start: dt.date, end: dt.date, rows: str, cols: str) -> dict[str, dict[str, Decimal]]:
    """合同成交额 (亿元) of registered contracts by two of new city / chain / contract type (each
    contract by its state at the period's end, as the indicator itself)."""
    return {
        row: {col: (amount / YI).quantize(Decimal("0.0001")) for col, amount in cells.items()}
        for row, cells in statistics.crosstab(rows, cols, start, end).items()
    }


def first_registration() -> dt.date | None:
    """The registration date of the platform's first registered contract (None before any)."""
    from django.db.models import Min

    return statistics.registered().aggregate(first=Min("registered_on"))["first"]


def pay_after_use_pilots(start: dt.date, end: dt.date) -> int:
    """Contracts signed in the period whose payment mode is 先使用后付费 (seed 001 三（一）1② pilots)."""
    from .models import Contract, PaymentMode
    from .models.deals import Stage

    return (
        Contract.objects.filter(payment_mode=PaymentMode.PAY_AFTER_USE, signed_on__gte=start, signed_on__lte=end)
        .exclude(deal__stage=Stage.TERMINATED)
        .count()
    )


def deals_landed(start: dt.date, end: dt.date) -> int:
    """Deals whose contract was signed in the period and that reached 签约 or beyond."""
    from .models import Deal
    from .models.deals import LANDED_STAGES

    return Deal.objects.filter(
        stage__in=LANDED_STAGES, contract__signed_on__gte=start, contract__signed_on__lte=end
    ).count()


def active_brokers(start: dt.date, end: dt.date) -> int:
    """Brokers on the register who logged work, or first responded to an assignment, in the period."""
    from .models import Broker

    return (
        Broker.objects.filter(active=True)
        .filter(
            Q(work_logs__happened_on__gte=start, work_logs__happened_on__lte=end)
            | Q(assignments__first_response_at__date__gte=start, assignments__first_response_at__date__lte=end)
        )
        .distinct()
        .count()
    )


def register_metrics() -> None:
    from monitoring.metrics import Metric, register_metric

    register_metric(
        Metric(
            code="tech_contract_turnover",
            label=str(_("技术合同成交额")),
            unit="亿元",
            compute=turnover,
            breakdown=turnover_breakdown,
            breakdowns=BREAKDOWNS,
            description=str(
                _(
                    "合同成交额：期间内完成认定登记的技术合同的合同总额之和（含非技术部分；按登记日期，"
                    "按期末的合同状态计：解除的自解除生效日起不计，变更的自变更生效日起按新金额）。"
                    "规划目标“技术合同交易额突破500亿元”（秦创原总窗口建设行动计划 二、发展目标）"
                    "与“技术合同交易额 2025年 230 亿元”（西咸新区“十四五”科技创新发展规划 表1）按统计公报"
                    "惯例指合同成交额，故目标挂在本指标上。"
                )
            ),
            crosstab=turnover_crosstab,
            data_since=first_registration,
        )
    )
    register_metric(
        Metric(
            code="tech_trade_amount",
            label=str(_("技术交易额")),
            unit="亿元",
            compute=tech_trade,
            breakdown=tech_trade_breakdown,
            breakdowns=BREAKDOWNS,
            description=str(
                _(
                    "技术交易额：登记合同成交额中的技术部分（扣除设备、原材料等非技术性费用，"
                    "以登记机构核定的金额为准），口径同合同成交额；无规划目标。"
                )
            ),
        )
    )
    register_metric(
        Metric(
            code="pay_after_use_pilots",
            label=str(_("先使用后付费试点项目")),
            unit="个",
            compute=pay_after_use_pilots,
            description=str(_("签订日期在期间内、支付方式为“先使用后付费”的技术合同数。")),
        )
    )
    register_metric(
        Metric(
            code="new_brokers",
            label=str(_("新增技术经纪人")),
            unit="人",
            compute=new_brokers,
            description=str(_("期间内新入册的技术经纪人（行动计划：三年新增技术经纪人 70 名）。")),
        )
    )
    register_metric(
        Metric(
            code="deals_landed",
            label=str(_("签约及以上的对接数")),
            unit="项",
            compute=deals_landed,
            description=str(_("合同签订日期在期间内、且处于签约、登记、履行或完成阶段的对接。")),
        )
    )
    register_metric(
        Metric(
            code="active_brokers",
            label=str(_("活跃技术经纪人")),
            unit="人",
            compute=active_brokers,
            description=str(_("在册且期间内有工作记录或响应分派的技术经纪人。")),
        )
    )
