"""Risk compensation (seed 001 三(五)1④: ≥ 1,000 万元 of public money a year as a risk-compensation
fund, to unlock ≥ 10 亿元 of loans) and explainable risk signals for banks and operators.

Ledger: contributions (财政投入) per year; loans the fund covers (``Loan.risk_covered``); claims
(代偿申请) and payouts (补偿支付) against covered loans. A payout never exceeds the year's balance
(contributions − payouts): the year's contribution rows are locked while it is checked, so two
operators paying at once cannot overdraw it (tests/test_parallel.py).
Leverage = covered loans granted in the year / contributions of the year (倍).

Signals (3, each with its evidence, computed from platform data, never typed in):
- a qualification that expired and was not renewed (same kind, valid today);
- revenue falling two years in a row (verified reports, the last three years);
- last year's annual report missing or not verified after 30 June.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from .models import Loan, RiskFundEntry

REPORT_DUE = (6, 30)  # month, day of the year after the reported one


def _operator(by) -> None:
    if not (by and by.is_authenticated and by.is_operator):
        raise PermissionDenied(_("只有平台运营人员可以记录风险补偿台账。"))


def _sum(qs) -> Decimal:
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal("0")


def balance(year: int) -> Decimal:
    entries = RiskFundEntry.objects.filter(year=year)
    return _sum(entries.filter(kind=RiskFundEntry.Kind.CONTRIBUTION)) - _sum(
        entries.filter(kind=RiskFundEntry.Kind.PAYOUT)
    )


def year_summary(year: int) -> dict:
    entries = RiskFundEntry.objects.filter(year=year)
    fund = _sum(entries.filter(kind=RiskFundEntry.Kind.CONTRIBUTION))
    covered = _sum(Loan.objects.filter(risk_covered=True, granted_on__year=year))
    return {
        "year": year,
        "fund": fund,
        "covered_loans": covered,
        "claims": _sum(entries.filter(kind=RiskFundEntry.Kind.CLAIM)),
        "payouts": _sum(entries.filter(kind=RiskFundEntry.Kind.PAYOUT)),
        "balance": fund - _sum(entries.filter(kind=RiskFundEntry.Kind.PAYOUT)),
        "leverage": (covered / fund).quantize(Decimal("0.01")) if fund else None,
    }


@transaction.atomic
def entry_add(*, by, year: int, kind: str, amount, loan: Loan | None = None, note: str = "", on=None) -> RiskFundEntry:
    from .services import _decimal

    _operator(by)
    if kind not in RiskFundEntry.Kind.values:
        raise ValidationError({"kind": _("请选择台账类型。")})
    amount = _decimal(amount, "amount")
    if kind in (RiskFundEntry.Kind.CLAIM, RiskFundEntry.Kind.PAYOUT) and (loan is None or not loan.risk_covered):
        raise ValidationError({"loan": _("代偿和补偿须对应一笔纳入风险补偿的贷款。")})
    if kind == RiskFundEntry.Kind.PAYOUT:
        # Serialise payouts of the year: lock its contribution rows, then check the balance.
        list(RiskFundEntry.objects.select_for_update().filter(year=year, kind=RiskFundEntry.Kind.CONTRIBUTION))
        if amount > balance(year):
            raise ValidationError({"amount": _("补偿金额超过本年度风险补偿资金余额。")})
    entry = RiskFundEntry.objects.create(
        year=year,
        kind=kind,
        amount=amount,
        loan=loan,
        note=(note or "")[:300],
        on=on or timezone.localdate(),
        created_by=by,
    )
    audit(actor=by, action=f"finance.riskfund.{kind}", target=entry, data={"amount": str(amount), "year": year})
    return entry


@transaction.atomic
def loan_cover(*, loan: Loan, by, covered: bool = True) -> Loan:
    _operator(by)
    loan.risk_covered = covered
    loan.save(update_fields=["risk_covered"])
    audit(actor=by, action="finance.loan.cover", target=loan, note=str(covered))
    return loan


@dataclass(frozen=True)
class Signal:
    code: str
    text: str


def signals_for(organisation, today: dt.date | None = None) -> list[Signal]:
    from enterprises.models import AnnualReport, EnterpriseProfile, Qualification

    today = today or timezone.localdate()
    profile = EnterpriseProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        return []
    found: list[Signal] = []
    verified = Qualification.objects.filter(profile=profile, status="verified")
    valid_kinds = {q.kind for q in verified if q.is_valid_on(today)}
    for q in verified.filter(expires_on__lt=today).order_by("-expires_on"):
        if q.kind not in valid_kinds:
            found.append(
                Signal(
                    "qualification_expired",
                    _("%(kind)s资质已于 %(day)s 到期，未见续期") % {"kind": q.get_kind_display(), "day": q.expires_on},
                )
            )
            valid_kinds.add(q.kind)  # one signal per kind
    reports = {
        r.year: r.revenue
        for r in AnnualReport.objects.filter(profile=profile, status="verified", year__gte=today.year - 3)
    }
    y = today.year - 1
    if all(reports.get(k) is not None for k in (y, y - 1, y - 2)) and reports[y] < reports[y - 1] < reports[y - 2]:
        found.append(
            Signal(
                "revenue_falling",
                _("营业收入连续两年下降：%(a)s → %(b)s → %(c)s 万元")
                % {"a": reports[y - 2], "b": reports[y - 1], "c": reports[y]},
            )
        )
    due = dt.date(today.year, *REPORT_DUE)
    if today > due and not AnnualReport.objects.filter(profile=profile, year=y, status="verified").exists():
        found.append(
            Signal("report_overdue", _("%(year)s 年度报告逾期未报送或未核验（截止 %(due)s）") % {"year": y, "due": due})
        )
    return found
