"""Indicators the monitoring app reads (registered in DealsConfig.ready)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import statistics

YI = Decimal(10000)  # 万元 per 亿元


def turnover(start: dt.date, end: dt.date) -> Decimal:
    return (statistics.totals(start, end)["tech_amount"] / YI).quantize(Decimal("0.0001"))


def turnover_breakdown(start: dt.date, end: dt.date, by: str) -> dict[str, Decimal]:
    return {
        label: (row["tech_amount"] / YI).quantize(Decimal("0.0001"))
        for label, row in statistics.breakdown(by, start, end).items()
    }


def turnover_crosstab(start: dt.date, end: dt.date, rows: str, cols: str) -> dict[str, dict[str, Decimal]]:
    """Technology turnover (亿元) of registered contracts by two of new city / chain / contract type."""
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


def new_brokers(start: dt.date, end: dt.date) -> int:
    """Brokers entered on the register in the period and still on it (seed 001 三（一）2⑤)."""
    from .models import Broker

    return Broker.objects.filter(active=True, registered_at__gte=start, registered_at__lte=end).count()


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
            label=str(_("技术合同交易额")),
            unit="亿元",
            compute=turnover,
            breakdown=turnover_breakdown,
            breakdowns=("new_city", "chain", "contract_type"),
            description=str(_("期间内完成认定登记的技术合同的技术交易额之和（按登记日期）。")),
            crosstab=turnover_crosstab,
            data_since=first_registration,
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
            label=str(_("新增科技经纪人")),
            unit="名",
            compute=new_brokers,
            description=str(_("入册日期在期间内且仍在册的技术经纪人数。")),
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
