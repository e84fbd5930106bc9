"""Indicators the monitoring app reads (registered in SharingConfig.ready)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

WAN = Decimal(10000)  # 元 per 万元


def utilisation_rate(start: dt.date, end: dt.date) -> Decimal:
    """Recorded use as a share (%) of the open hours of every bookable instrument in the period."""
    from . import selectors

    rate = selectors.totals(selectors.utilisation(start, end))["rate"]
    return Decimal(str(rate or 0)).quantize(Decimal("0.1"))


def vouchers_redeemed(start: dt.date, end: dt.date) -> Decimal:
    """Innovation-voucher value redeemed in the period, in 万元."""
    from .models import Redemption

    total = Redemption.objects.filter(redeemed_at__date__gte=start, redeemed_at__date__lte=end).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    return (total / WAN).quantize(Decimal("0.0001"))


def bookings_served(start: dt.date, end: dt.date) -> int:
    from .models import Booking, BookingStatus

    return Booking.objects.filter(
        status__in=(BookingStatus.USED, BookingStatus.CONFIRMED), start__date__gte=start, start__date__lte=end
    ).count()


def register_metrics() -> None:
    from monitoring.metrics import Metric, register_metric

    register_metric(
        Metric(
            code="instrument_utilisation",
            label=str(_("共享仪器机时利用率")),
            unit="%",
            compute=utilisation_rate,
            description=str(_("期间内已记录使用的机时占可预约仪器开放机时的比例。")),
        )
    )
    register_metric(
        Metric(
            code="vouchers_redeemed",
            label=str(_("科技创新券兑用金额")),
            unit="万元",
            compute=vouchers_redeemed,
            description=str(_("期间内用于支付已确认费用的科技创新券金额。")),
        )
    )
    register_metric(
        Metric(
            code="instrument_bookings_served",
            label=str(_("仪器共享服务次数")),
            unit="次",
            compute=bookings_served,
            description=str(_("期间内已记录使用的仪器预约。")),
        )
    )
