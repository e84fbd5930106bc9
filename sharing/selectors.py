"""Read side: calendars, utilisation statistics per instrument and owner."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from catalog.models import Instrument

from .models import Booking, BookingStatus, ClaimLine, SharingProfile
from .models.bookings import HOLDING
from .services import calendar

ZERO = Decimal("0.00")
DONE = (BookingStatus.USED, BookingStatus.CONFIRMED)


def week_calendar(instrument, user, monday: dt.date) -> list[dict]:
    """Seven days from ``monday``: each {"date", "kind", "holiday", "closure", "windows", "slots"}.

    Slots of holding bookings appear for everyone as busy spans; only the booking's parties and
    operators get the booking itself (``slot["booking"]``), others see "已占用" and nothing else."""
    from . import access

    profile = instrument.sharing
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    end = start + dt.timedelta(days=7)
    visible = set(access.bookings_visible_to(user).filter(instrument=instrument).values_list("pk", flat=True))
    bookings = Booking.objects.filter(instrument=instrument, status__in=HOLDING, start__lt=end, end__gt=start).order_by(
        "start"
    )
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        closure = calendar.closure_on(profile, day)
        slots = [
            {
                "start": timezone.localtime(b.start),
                "end": timezone.localtime(b.end),
                "booking": b if b.pk in visible else None,
                "status": b.status,
            }
            for b in bookings
            if timezone.localtime(b.start).date() == day
        ]
        days.append(
            {
                "date": day,
                "kind": calendar.day_kind(day),
                "holiday": calendar.holiday_name(day),
                "closure": closure,
                "windows": calendar.windows_on(profile, day),
                "slots": slots,
            }
        )
    return days


def utilisation(start: dt.date, end: dt.date, owner_ids: set[int] | None = None) -> list[dict]:
    """Per bookable instrument over dates [start, end]: {"instrument", "owner", "open_hours",
    "used_hours" (actual hours recorded, or the booked span when only samples were recorded),
    "rate" (%, None without open hours), "bookings", "inside", "outside" (bookings by the owner's
    own users and by others), "income" (元, confirmed fees), "subsidy" (元, live claim lines)}.

    ``owner_ids`` limits the rows to instruments of those organisations (an owner's view)."""
    profiles = SharingProfile.objects.select_related("instrument__owner_org").prefetch_related("hours", "closures")
    if owner_ids is not None:
        profiles = profiles.filter(instrument__owner_org_id__in=owner_ids)
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    done = Booking.objects.filter(status__in=DONE, start__gte=lo, start__lt=hi)
    per = defaultdict(lambda: {"hours": 0.0, "bookings": 0, "inside": 0, "outside": 0, "income": ZERO})
    for b in done.only("instrument_id", "start", "end", "actual_hours", "is_member", "fee", "status"):
        row = per[b.instrument_id]
        row["hours"] += float(b.actual_hours) if b.actual_hours is not None else b.hours
        row["bookings"] += 1
        row["inside" if b.is_member else "outside"] += 1
        if b.status == BookingStatus.CONFIRMED:
            row["income"] += b.fee or ZERO
    subsidy = dict(
        ClaimLine.objects.filter(active=True, booking__in=done)
        .values("booking__instrument_id")
        .annotate(s=Sum("subsidy"))
        .values_list("booking__instrument_id", "s")
    )
    rows = []
    for profile in profiles:
        inst: Instrument = profile.instrument
        row = per[inst.pk]
        hours = calendar.open_hours(profile, start, end)
        rows.append(
            {
                "instrument": inst,
                "owner": inst.owner_org,
                "open_hours": hours,
                "used_hours": round(row["hours"], 2),
                "rate": round(100 * row["hours"] / hours, 1) if hours else None,
                "bookings": row["bookings"],
                "inside": row["inside"],
                "outside": row["outside"],
                "income": row["income"],
                "subsidy": Decimal(subsidy.get(inst.pk) or 0).quantize(ZERO),  # SQLite sums lose the scale
            }
        )
    return sorted(rows, key=lambda r: (-(r["rate"] or 0), r["instrument"].pk))


def totals(rows: list[dict]) -> dict:
    open_hours = sum(r["open_hours"] for r in rows)
    used = sum(r["used_hours"] for r in rows)
    return {
        "open_hours": round(open_hours, 2),
        "used_hours": round(used, 2),
        "rate": round(100 * used / open_hours, 1) if open_hours else None,
        "bookings": sum(r["bookings"] for r in rows),
        "income": sum((r["income"] for r in rows), ZERO),
        "subsidy": sum((r["subsidy"] for r in rows), ZERO),
    }


def payable_vouchers(user, *, holder, booking=None, service_order=None) -> list:
    """The active vouchers of ``holder`` that ``user`` may spend on this fee (a booking's or a
    service order's): a voucher that already paid the fee is not offered again (it pays a fee once)."""
    from . import access
    from .models import VoucherStatus

    paid = {"redemptions__booking": booking} if booking is not None else {"redemptions__service_order": service_order}
    return list(access.vouchers_visible_to(user).filter(holder=holder, status=VoucherStatus.ACTIVE).exclude(**paid))
