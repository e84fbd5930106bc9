"""Booking an instrument: request → approve / refuse (reason) → record use → fee → confirm by both.

Double booking is impossible: the request takes a write lock on the instrument's sharing profile
(an UPDATE, which serialises writers on SQLite and PostgreSQL alike) before checking overlaps, and
on PostgreSQL an exclusion constraint over (instrument, [start, end)) backs the check up.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from notifications.messages import Message, choice_label
from notifications.services import notify

from .. import access
from ..models import Booking, BookingEvent, BookingStatus, SharingProfile, TrainingRecord, Unit
from ..models.bookings import HOLDING
from . import calendar

CENT = Decimal("0.01")


def _event(booking, action, from_status, by, reason=""):
    BookingEvent.objects.create(
        booking=booking, action=action, from_status=from_status, to_status=booking.status, actor=by, reason=reason
    )


def _audience(booking: Booking, side: str) -> list:
    """Users to tell: the booking organisation's members ("user") or the instrument's managers ("owner")."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if side == "user":
        return list(
            User.objects.filter(is_active=True, memberships__organisation_id=booking.organisation_id).distinct()
        )
    profile = booking.instrument.sharing
    approvers = list(profile.approvers.filter(is_active=True))
    if approvers:
        return approvers
    return list(
        User.objects.filter(is_active=True, memberships__organisation_id=booking.instrument.owner_org_id).distinct()
    )


def _tell(booking: Booking, side: str, by, title: Message, body="") -> None:
    notify(
        users=_audience(booking, side),
        kind=f"sharing.booking_{booking.status}",
        title=title,
        body=body,
        url=booking.get_absolute_url(),
        exclude=by,
    )


def check_slot(
    profile: SharingProfile, start: dt.datetime, end: dt.datetime, *, now: dt.datetime | None = None
) -> None:
    """Raise ValidationError unless [start, end) obeys the instrument's rules and opening hours.

    Rules: end after start; at least ``min_notice_hours`` ahead; at most ``max_length_hours``
    long; within one opening window of the day (working-day or rest-day hours, by the Chinese
    calendar), not on a closure day."""
    now = now or timezone.now()
    if end <= start:
        raise ValidationError({"end": _("结束时间必须晚于开始时间。")})
    if start < now + dt.timedelta(hours=profile.min_notice_hours):
        raise ValidationError({"start": _("须至少提前 %(h)s 小时预约。") % {"h": profile.min_notice_hours}})
    hours = Decimal((end - start).total_seconds()) / 3600
    if hours > profile.max_length_hours:
        raise ValidationError({"end": _("单次预约不能超过 %(h)s 小时。") % {"h": profile.max_length_hours.normalize()}})
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    day = local_start.date()
    closure = calendar.closure_on(profile, day)
    if closure:
        raise ValidationError({"start": _("该日停机：%(r)s") % {"r": closure.reason}})
    windows = calendar.windows_on(profile, day)
    if not windows:
        raise ValidationError({"start": _("该日不开放（节假日或休息日）。")})
    if local_end.date() != day or not any(
        opens <= local_start.time() and local_end.time() <= closes for opens, closes in windows
    ):
        spans = "、".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in windows)
        raise ValidationError({"start": _("须在开放时段内：%(s)s。") % {"s": spans}})


def overlapping(instrument, start, end, exclude_pk=None):
    qs = Booking.objects.filter(instrument=instrument, status__in=HOLDING, start__lt=end, end__gt=start)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def booking_request(
    *, instrument, by, organisation, start: dt.datetime, end: dt.datetime, purpose: str, samples_planned: int = 0
) -> Booking:
    """Request a slot. Returns the new booking (``待审批``), which holds the slot at once.

    Errors: ValidationError (rules, hours, overlap: field "start"), PermissionDenied (not a member
    of ``organisation``, instrument not bookable)."""
    profile = getattr(instrument, "sharing", None)
    if profile is None or not profile.bookable or instrument.state != "available":
        raise ValidationError({"instrument": _("该仪器暂不开放预约。")})
    if organisation.pk not in by.organisation_ids():
        raise PermissionDenied(_("只能以本人所在机构的名义预约。"))
    if not (purpose or "").strip():
        raise ValidationError({"purpose": _("请填写用途。")})
    if profile.training_required and not TrainingRecord.objects.filter(profile=profile, user=by).exists():
        raise ValidationError({"instrument": _("该仪器须经培训后方可预约，请先联系管理机构参加培训。")})
    check_slot(profile, start, end)
    try:
        with transaction.atomic():
            # The write lock: every booking of this instrument queues here, so the check below
            # sees every committed booking before it inserts.
            SharingProfile.objects.filter(pk=profile.pk).update(lock_version=F("lock_version") + 1)
            if overlapping(instrument, start, end).exists():
                raise ValidationError({"start": _("该时段已被预约，请选择其他时间。")})
            booking = Booking.objects.create(
                instrument=instrument,
                user=by,
                organisation=organisation,
                start=start,
                end=end,
                purpose=purpose.strip(),
                samples_planned=samples_planned,
                is_member=instrument.owner_org_id == organisation.pk,
            )
            _event(booking, "request", "", by)
    except IntegrityError as exc:  # the PostgreSQL exclusion constraint, should the lock be bypassed
        raise ValidationError({"start": _("该时段已被预约，请选择其他时间。")}) from exc
    _tell(
        booking,
        "owner",
        by,
        Message(gettext_noop("新的仪器预约：%(i)s"), i=instrument),
        Message(
            gettext_noop("%(o)s 申请 %(s)s 至 %(e)s"),
            o=organisation,
            s=f"{timezone.localtime(start):%Y-%m-%d %H:%M}",
            e=f"{timezone.localtime(end):%H:%M}",
        ),
    )
    return booking


def _locked(booking: Booking) -> Booking:
    return Booking.objects.select_for_update(of=("self",)).select_related("instrument__sharing").get(pk=booking.pk)


def _require(booking, by, side, statuses):
    sides = access.booking_sides(by, booking)
    if side not in sides and "operator" not in sides:
        raise PermissionDenied(_("无权操作此预约。"))
    if booking.status not in statuses:
        raise ValidationError({"status": _("当前状态“%(s)s”不能执行此操作。") % {"s": booking.get_status_display()}})


@transaction.atomic
def booking_decide(*, booking: Booking, by, approve: bool, reason: str = "") -> Booking:
    """The owner approves, or refuses with a reason (the slot becomes free)."""
    booking = _locked(booking)
    _require(booking, by, "owner", (BookingStatus.REQUESTED,))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("请填写拒绝原因。")})
    before = booking.status
    booking.status = BookingStatus.APPROVED if approve else BookingStatus.REFUSED
    booking.refuse_reason = "" if approve else reason
    booking.decided_by = by
    booking.save(update_fields=["status", "refuse_reason", "decided_by", "updated_at"])
    _event(booking, "approve" if approve else "refuse", before, by, reason)
    _tell(
        booking,
        "user",
        by,
        Message(gettext_noop("仪器预约%(r)s：%(i)s"), r=choice_label(booking, "status"), i=booking.instrument),
        reason,
    )
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by, reason: str = "") -> Booking:
    booking = _locked(booking)
    _require(booking, by, "user", (BookingStatus.REQUESTED, BookingStatus.APPROVED))
    before = booking.status
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    _event(booking, "cancel", before, by, reason)
    return booking


def compute_fee(booking: Booking) -> tuple[Decimal, list[dict]]:
    """Fee in 元 from the price list: recorded quantity × rate for each unit priced (member rate
    for the owner's own users, outsider rate otherwise), rounded half-up to the fen."""
    quantities = {Unit.HOUR: booking.actual_hours, Unit.SAMPLE: booking.actual_samples, Unit.DAY: booking.actual_days}
    lines, total = [], Decimal("0")
    for item in booking.instrument.sharing.prices.all():
        qty = quantities.get(item.unit)
        if not qty:
            continue
        rate = item.member_rate if booking.is_member else item.outsider_rate
        amount = (Decimal(qty) * rate).quantize(CENT, ROUND_HALF_UP)
        total += amount
        lines.append({"unit": item.unit, "quantity": str(qty), "rate": str(rate), "amount": str(amount)})
    return total.quantize(CENT), lines


@transaction.atomic
def booking_record_use(*, booking: Booking, by, hours=None, samples=None, days=None) -> Booking:
    """The owner records the actual use (hours, samples, days); the fee is computed from the price list."""
    booking = _locked(booking)
    _require(booking, by, "owner", (BookingStatus.APPROVED, BookingStatus.USED))
    if booking.start > timezone.now():
        raise ValidationError({"status": _("预约时段尚未开始，不能记录使用。")})
    hours = Decimal(str(hours)) if hours not in (None, "") else None
    if hours is not None and hours < 0 or any(v is not None and int(v) < 0 for v in (samples, days)):
        raise ValidationError({"hours": _("用量不能为负数。")})
    if not hours and not samples and not days:
        raise ValidationError({"hours": _("请至少填写一项实际用量（机时、样品数或天数）。")})
    before = booking.status
    booking.actual_hours, booking.actual_samples, booking.actual_days = hours, samples, days
    booking.fee, booking.fee_lines = compute_fee(booking)
    booking.status = BookingStatus.USED
    booking.owner_confirmed_at = timezone.now()  # recording the use is the owner's confirmation
    booking.user_confirmed_at = None
    booking.save()
    _event(booking, "record_use", before, by)
    _tell(
        booking,
        "user",
        by,
        Message(gettext_noop("请确认仪器使用费用：%(i)s"), i=booking.instrument),
        Message(gettext_noop("费用 %(f)s 元"), f=booking.fee),
    )
    return booking


@transaction.atomic
def booking_confirm(*, booking: Booking, by) -> Booking:
    """The user confirms the recorded use and fee; the booking is then 费用已确认 (vouchers may pay it)."""
    booking = _locked(booking)
    _require(booking, by, "user", (BookingStatus.USED,))
    booking.user_confirmed_at = timezone.now()
    booking.status = BookingStatus.CONFIRMED
    booking.save(update_fields=["user_confirmed_at", "status", "updated_at"])
    _event(booking, "confirm", BookingStatus.USED, by)
    _tell(booking, "owner", by, Message(gettext_noop("用户已确认费用：%(i)s"), i=booking.instrument))
    return booking
