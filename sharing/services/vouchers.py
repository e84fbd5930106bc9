"""Innovation vouchers: issue a batch, redeem against a confirmed fee exactly once, settle, expire,
reconcile. Amounts in 元 (Decimal, two places). Seed 002 7.1: 探索科技创新券通用通兑.
"""

import secrets
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core.audit import audit

from ..models import Booking, BookingStatus, Redemption, ServiceOrder, Settlement, Voucher, VoucherBatch, VoucherStatus
from ..models.vouchers import Scope

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def eligible_organisations(batch: VoucherBatch):
    """The organisations a batch is issued to. Today the batch's explicit list (verified
    enterprises only); the one place to plug in rules over enterprise profiles later."""
    return batch.eligible.filter(
        verification_status=Organisation.Verification.VERIFIED,
        kind__in=[Organisation.Kind.ENTERPRISE, Organisation.Kind.STATE_OWNED],
    )


@transaction.atomic
def batch_issue(*, batch: VoucherBatch, by) -> list[Voucher]:
    """Issue one voucher of the batch's face value to every eligible organisation that has none yet.
    Returns the new vouchers. Errors: PermissionDenied (operators only)."""
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以发放创新券。"))
    batch = VoucherBatch.objects.select_for_update().get(pk=batch.pk)
    have = set(batch.vouchers.values_list("holder_id", flat=True))
    made = [
        Voucher(
            batch=batch,
            holder=org,
            code=f"CX{batch.pk:04d}{secrets.token_hex(5).upper()}",
            face_value=batch.face_value,
            balance=batch.face_value,
        )
        for org in eligible_organisations(batch)
        if org.pk not in have
    ]
    Voucher.objects.bulk_create(made)
    if batch.issued_at is None:
        batch.issued_at = timezone.now()
        batch.save(update_fields=["issued_at"])
    audit(actor=by, action="voucher.batch_issue", target=batch, data={"issued": len(made)})
    return made


def _target(booking: Booking | None, order: ServiceOrder | None):
    """(scope, provider, payer organisation id, fee) of a confirmed fee, or a ValidationError."""
    if (booking is None) == (order is None):
        raise ValidationError({"target": _("请选择一笔预约或一个服务订单。")})
    if booking is not None:
        if booking.status != BookingStatus.CONFIRMED:
            raise ValidationError({"target": _("费用须经双方确认后才能使用创新券。")})
        return Scope.BOOKING, booking.instrument.owner_org, booking.organisation_id, booking.fee
    if order.fee is None:
        raise ValidationError({"target": _("订单报价须经接受后才能使用创新券。")})
    return Scope.SERVICE_ORDER, order.provider, order.organisation_id, order.fee


def voucher_redeem(
    *,
    voucher: Voucher,
    by,
    booking: Booking | None = None,
    order: ServiceOrder | None = None,
    amount: Decimal | None = None,
) -> Redemption:
    """Pay part or all of a confirmed fee with a voucher, exactly once per (voucher, fee).

    ``amount`` (元) defaults to the most allowed: the lesser of the voucher's balance, the batch's
    share of the fee and what the fee still lacks. A one-time (not partial) voucher pays once and
    its remaining value returns to the issuer. Errors: ValidationError (expired, out of scope or
    region, already used for this fee, amount too large), PermissionDenied (not the holder)."""
    try:
        with transaction.atomic():
            return _redeem(voucher=voucher, by=by, booking=booking, order=order, amount=amount)
    except IntegrityError as exc:  # the unique (voucher, fee) constraint under a race
        raise ValidationError({"voucher": _("该创新券已用于这笔费用。")}) from exc


def _redeem(*, voucher, by, booking, order, amount):
    # Lock the fee first, then the voucher, always in that order (no deadlock between two fees).
    if booking is not None:
        booking = (
            Booking.objects.select_for_update(of=("self",)).select_related("instrument__owner_org").get(pk=booking.pk)
        )
    if order is not None:
        order = ServiceOrder.objects.select_for_update(of=("self",)).select_related("provider").get(pk=order.pk)
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    batch = VoucherBatch.objects.get(pk=voucher.batch_id)
    if voucher.holder_id not in by.organisation_ids():
        raise PermissionDenied(_("只有持券企业可以使用创新券。"))
    scope, provider, payer_id, fee = _target(booking, order)
    if payer_id != voucher.holder_id:
        raise ValidationError({"voucher": _("创新券只能支付持券企业自己的费用。")})
    if provider is None or provider.pk == voucher.holder_id:
        raise ValidationError({"voucher": _("不能用创新券支付本单位提供的服务。")})
    today = timezone.localdate()
    if voucher.status != VoucherStatus.ACTIVE or not (batch.valid_from <= today <= batch.valid_until):
        raise ValidationError({"voucher": _("创新券不在有效期内或已用完。")})
    if scope not in batch.scopes:
        raise ValidationError({"voucher": _("该批次创新券不能用于此类服务。")})
    if not batch.universal:
        regions = set(batch.regions.values_list("pk", flat=True))
        if not {provider.prefecture_id, provider.county_id} & regions:
            raise ValidationError({"voucher": _("该批次创新券限在指定地区使用，服务机构不在范围内。")})
    if batch.agencies.exists() and not batch.agencies.filter(pk=provider.pk).exists():
        raise ValidationError({"voucher": _("该批次创新券只能在所列服务机构使用。")})
    target = {"booking": booking} if booking is not None else {"service_order": order}
    if Redemption.objects.filter(voucher=voucher, **target).exists():
        raise ValidationError({"voucher": _("该创新券已用于这笔费用。")})
    paid = Redemption.objects.filter(**target).aggregate(s=Sum("amount"))["s"] or ZERO
    share_cap = (fee * batch.max_share / 100).quantize(CENT, ROUND_DOWN)
    room = min(voucher.balance, max(share_cap - paid, ZERO))
    if amount is None:
        amount = room
    amount = Decimal(str(amount)).quantize(CENT)
    if amount <= 0 or room <= 0:
        raise ValidationError({"amount": _("这笔费用已无可用创新券抵扣的余额。")})
    if amount > room:
        raise ValidationError({"amount": _("最多可抵扣 %(m)s 元。") % {"m": room}})
    redemption = Redemption.objects.create(voucher=voucher, provider=provider, amount=amount, redeemed_by=by, **target)
    voucher.balance -= amount
    if not batch.partial and voucher.balance > 0:
        voucher.returned += voucher.balance  # a one-time voucher: what it did not pay returns
        voucher.balance = ZERO
    if voucher.balance == 0:
        voucher.status = VoucherStatus.USED
    voucher.save(update_fields=["balance", "returned", "status"])
    audit(actor=by, action="voucher.redeem", target=voucher, data={"amount": str(amount), "redemption": redemption.pk})
    return redemption


@transaction.atomic
def batch_settle(*, batch: VoucherBatch, provider: Organisation, by) -> Settlement | None:
    """Pay a provider for every unsettled redemption of the batch (operators). None if nothing is due."""
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以办理兑付。"))
    due = Redemption.objects.select_for_update().filter(
        voucher__batch=batch, provider=provider, settlement__isnull=True
    )
    rows = list(due)
    if not rows:
        return None
    settlement = Settlement.objects.create(
        batch=batch, provider=provider, amount=sum(r.amount for r in rows), settled_by=by
    )
    Redemption.objects.filter(pk__in=[r.pk for r in rows]).update(settlement=settlement)
    audit(
        actor=by,
        action="voucher.settle",
        target=batch,
        data={"provider": provider.pk, "amount": str(settlement.amount)},
    )
    return settlement


@transaction.atomic
def vouchers_expire(*, today=None) -> int:
    """Expire active vouchers whose batch ended before ``today``; the balance returns. Returns the count."""
    today = today or timezone.localdate()
    count = 0
    for voucher in Voucher.objects.select_for_update().filter(
        status=VoucherStatus.ACTIVE, batch__valid_until__lt=today
    ):
        voucher.returned += voucher.balance
        voucher.balance = ZERO
        voucher.status = VoucherStatus.EXPIRED
        voucher.save(update_fields=["returned", "balance", "status"])
        count += 1
    return count


def batch_reconciliation(batch: VoucherBatch) -> dict:
    """Per-batch figures in 元: issued = redeemed + returned + outstanding, and settled + unsettled = redeemed.

    Shape: {"count", "issued", "redeemed", "settled", "unsettled", "returned", "expired_returned",
    "outstanding", "balanced": bool, "providers": [{"provider", "redeemed", "settled"}]}."""
    vouchers = batch.vouchers.all()
    sums = vouchers.aggregate(
        total_issued=Sum("face_value"),
        total_returned=Sum("returned"),
        total_outstanding=Sum("balance"),
        total_expired=Sum("returned", filter=Q(status=VoucherStatus.EXPIRED)),
    )
    reds = Redemption.objects.filter(voucher__batch=batch)
    redeemed = reds.aggregate(s=Sum("amount"))["s"] or ZERO
    settled = reds.filter(settlement__isnull=False).aggregate(s=Sum("amount"))["s"] or ZERO
    issued, returned, outstanding = (
        sums["total_issued"] or ZERO,
        sums["total_returned"] or ZERO,
        sums["total_outstanding"] or ZERO,
    )
    providers = [
        {"provider": row["provider__name"], "redeemed": row["r"], "settled": row["s"] or ZERO}
        for row in reds.values("provider__name")
        .annotate(r=Sum("amount"), s=Sum("amount", filter=Q(settlement__isnull=False)))
        .order_by("provider__name")
    ]
    result = {
        "count": vouchers.count(),
        "issued": issued,
        "redeemed": redeemed,
        "settled": settled,
        "unsettled": redeemed - settled,
        "returned": returned,
        "expired_returned": sums["total_expired"] or ZERO,
        "outstanding": outstanding,
        "balanced": issued == redeemed + returned + outstanding,
        "providers": providers,
    }
    # SQLite returns sums without the two decimal places; show every amount to the fen.
    for key in ("issued", "redeemed", "settled", "unsettled", "returned", "expired_returned", "outstanding"):
        result[key] = Decimal(result[key]).quantize(CENT)
    for row in providers:
        row["redeemed"], row["settled"] = (
            Decimal(row["redeemed"]).quantize(CENT),
            Decimal(row["settled"]).quantize(CENT),
        )
    return result
