"""Subsidies for instrument use (后补助), seed 002 第六章第二节 (通过后补助、仪器贷等方式提高仪器共享使用效率).

A claim counts the claimant's confirmed bookings in the programme's year that the rules admit,
each at the fee the enterprise paid itself (fee minus innovation vouchers, so that public money
does not pay twice), and grants ``share`` % of it, capped per enterprise per programme.
"""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Booking, BookingStatus, ClaimLine, ClaimStatus, SubsidyClaim, SubsidyProgramme

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
LIVE = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID)


def eligible_bookings(programme: SubsidyProgramme, organisation):
    """Confirmed bookings of ``organisation`` in the programme year, admitted by its rules, not yet claimed."""
    if programme.eligible_kinds and organisation.kind not in programme.eligible_kinds:
        return Booking.objects.none()
    qs = Booking.objects.filter(
        organisation=organisation, status=BookingStatus.CONFIRMED, start__year=programme.year
    ).exclude(claim_lines__programme=programme, claim_lines__active=True)
    if programme.outsiders_only:
        qs = qs.filter(is_member=False)
    instrument_ids = list(programme.instruments.values_list("pk", flat=True))
    if instrument_ids:
        qs = qs.filter(instrument_id__in=instrument_ids)
    return qs.select_related("instrument").order_by("start")


def paid_fee(booking: Booking) -> Decimal:
    vouchers = booking.redemptions.aggregate(s=Sum("amount"))["s"] or ZERO
    return max((booking.fee or ZERO) - vouchers, ZERO).quantize(CENT)


def claim_preview(programme: SubsidyProgramme, organisation) -> dict:
    """{"bookings": [...], "fees": 元, "amount": 元, "cap_left": 元} — what a claim would grant now."""
    bookings = list(eligible_bookings(programme, organisation))
    fees = sum((paid_fee(b) for b in bookings), ZERO)
    used = (
        SubsidyClaim.objects.filter(programme=programme, organisation=organisation, status__in=LIVE).aggregate(
            s=Sum("amount")
        )["s"]
        or ZERO
    )
    cap_left = max(programme.cap_per_enterprise - used, ZERO).quantize(CENT)
    amount = min((fees * programme.share / 100).quantize(CENT, ROUND_DOWN), cap_left)
    return {"bookings": bookings, "fees": fees, "amount": amount, "cap_left": cap_left}


def _lines(claim: SubsidyClaim, bookings) -> list[ClaimLine]:
    """One line per booking; the claim's amount shared out pro rata to the fees, the last line
    taking the rounding remainder so that the lines add up to the claim to the fen."""
    lines, given = [], ZERO
    for i, booking in enumerate(bookings):
        fee = paid_fee(booking)
        if i == len(bookings) - 1:
            share = claim.amount - given
        else:
            share = (claim.amount * fee / claim.fees).quantize(CENT, ROUND_DOWN) if claim.fees else ZERO
        given += share
        lines.append(ClaimLine(claim=claim, booking=booking, programme=claim.programme, paid_fee=fee, subsidy=share))
    return lines


def claim_submit(*, programme: SubsidyProgramme, organisation, by) -> SubsidyClaim:
    """Submit a claim over every eligible booking. Errors: PermissionDenied, ValidationError (nothing to claim)."""
    if organisation.pk not in by.organisation_ids():
        raise PermissionDenied(_("只能为本人所在机构申请后补助。"))
    try:
        with transaction.atomic():
            # One claim at a time per organisation: lock its existing claims' programme row.
            SubsidyProgramme.objects.select_for_update().get(pk=programme.pk)
            preview = claim_preview(programme, organisation)
            if not preview["bookings"] or preview["amount"] <= 0:
                raise ValidationError({"programme": _("没有可申请补助的已确认预约，或已达年度上限。")})
            claim = SubsidyClaim.objects.create(
                programme=programme,
                organisation=organisation,
                fees=preview["fees"],
                amount=preview["amount"],
                submitted_by=by,
            )
            ClaimLine.objects.bulk_create(_lines(claim, preview["bookings"]))
    except IntegrityError as exc:
        raise ValidationError({"programme": _("部分预约已在其他申请中。")}) from exc
    return claim


@transaction.atomic
def claim_review(*, claim: SubsidyClaim, by, approve: bool, reason: str = "") -> SubsidyClaim:
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以审核后补助。"))
    claim = SubsidyClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError({"status": _("该申请已审核。")})
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("请填写不通过的原因。")})
    claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
    claim.reason, claim.reviewed_by = reason.strip(), by
    claim.save()
    if not approve:
        claim.lines.update(active=False)
    return claim


@transaction.atomic
def claim_pay(*, claim: SubsidyClaim, by) -> SubsidyClaim:
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以登记拨付。"))
    claim = SubsidyClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.APPROVED:
        raise ValidationError({"status": _("只有已核准的申请可以拨付。")})
    claim.status, claim.paid_at = ClaimStatus.PAID, timezone.now()
    claim.save()
    return claim


def programme_statistics(programme: SubsidyProgramme) -> dict:
    """Ledger totals in 元 by status, and the number of enterprises and bookings claimed."""
    claims = programme.claims.all()
    by_status = {row["status"]: row["s"] for row in claims.values("status").annotate(s=Sum("amount"))}
    return {
        "claims": claims.count(),
        "enterprises": claims.exclude(status=ClaimStatus.REJECTED).values("organisation").distinct().count(),
        "bookings": ClaimLine.objects.filter(programme=programme, active=True).count(),
        "submitted": Decimal(by_status.get(ClaimStatus.SUBMITTED) or 0).quantize(CENT),
        "approved": Decimal(by_status.get(ClaimStatus.APPROVED) or 0).quantize(CENT),
        "paid": Decimal(by_status.get(ClaimStatus.PAID) or 0).quantize(CENT),
    }
