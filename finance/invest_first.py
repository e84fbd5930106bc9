"""先投后股 pilots (issue 16 item 3): the year's special fund, the selected firms, the money invested
first (like a grant) and its conversion into equity (投转股). Operators write; operators and
leaders read (``access.can_see_invest_first``).

Rules, from seed 001 (秦创原总窗口建设行动计划) 三（一）1③: "每年设立预算不少于 1000万元的“先投后股”专项
资金，遴选 3—5家企业开展“先投后股”试点":

- at most ``MAX_PILOTS`` (5) firms selected a year (a withdrawn selection frees its place); fewer than
  ``MIN_PILOTS`` (3) is shown as short of the plan, not refused (the year is not over);
- a budget below ``MIN_BUDGET`` (1000 万元) is accepted and flagged as below the plan;
- the amounts invested in a year never exceed its budget;
- a firm is selected once a year; only enterprises are selected;
- a contract linked to an investment must be a 先投后股 contract (deals ``PaymentMode.INVEST_THEN_EQUITY``)
  to which the firm is a party;
- conversion: only an invested pilot, dated on or after the investment and not in the future,
  equity 0 < % ≤ 100, valuation > 0 (万元), shares optional.

Every write locks the programme row (``select_for_update``) so that parallel selections or
investments see each other (PostgreSQL test: ``finance/tests/test_parallel.py``), is audited and
notifies the firm's members (kinds ``finance.invest_first_*``, registered in FinanceConfig.ready).
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Organisation
from accounts.selectors import members_of
from core.audit import audit
from notifications.messages import Message
from notifications.services import notify

from .models import EquityConversion, Fund, InvestFirstPilot, InvestFirstProgramme
from .services import _decimal

MIN_PILOTS, MAX_PILOTS = 3, 5  # seed 001 三（一）1③ "遴选 3—5家企业"
MIN_BUDGET = Decimal("1000")  # 万元, seed 001 三（一）1③ "预算不少于 1000万元"
SOURCE = "《秦创原总窗口建设行动计划》三（一）1③：每年设立预算不少于 1000万元的“先投后股”专项资金，遴选 3—5家企业开展“先投后股”试点"
ACTIVE = (InvestFirstPilot.Status.SELECTED, InvestFirstPilot.Status.INVESTED, InvestFirstPilot.Status.CONVERTED)


def _require_operator(by) -> None:
    if not (by and by.is_authenticated and by.has_role("operator")):
        raise PermissionDenied(_("仅平台运营人员可以操作先投后股试点。"))


def _date(value, field: str, *, not_after_today=True) -> dt.date:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError({field: _("日期格式应为 YYYY-MM-DD。")}) from None
    if not isinstance(value, dt.date):
        raise ValidationError({field: _("请填写日期。")})
    if not_after_today and value > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})
    return value


def invested_total(programme: InvestFirstProgramme) -> Decimal:
    """万元 invested so far out of the programme (withdrawn selections hold none)."""
    return programme.pilots.filter(amount__isnull=False).aggregate(s=Sum("amount"))["s"] or Decimal(0)


def programme_summary(programme: InvestFirstProgramme) -> dict:
    """{"selected": 件, "invested": 万元, "remaining": 万元, "converted": 件, "short_of_plan": bool
    (fewer than 3 firms), "budget_below_plan": bool (budget < 1000 万元)}."""
    active = programme.pilots.filter(status__in=ACTIVE)
    invested = invested_total(programme)
    return {
        "selected": active.count(),
        "invested": invested,
        "remaining": programme.budget - invested,
        "converted": active.filter(status=InvestFirstPilot.Status.CONVERTED).count(),
        "short_of_plan": active.count() < MIN_PILOTS,
        "budget_below_plan": programme.budget < MIN_BUDGET,
    }


@transaction.atomic
def programme_save(*, by, year, budget, fund: Fund | None = None, note: str = "") -> InvestFirstProgramme:
    """Create or update the year's special fund. Raises ValidationError (year, budget) or
    PermissionDenied (not an operator)."""
    _require_operator(by)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("年度须为整数。")}) from None
    if not 2020 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("年度须在 2020 年至明年之间。")})
    budget = _decimal(budget, "budget")
    programme = InvestFirstProgramme.objects.select_for_update().filter(year=year).first()
    if programme is not None and budget < invested_total(programme):
        raise ValidationError({"budget": _("预算不能低于已投入金额。")})
    programme, created = InvestFirstProgramme.objects.update_or_create(
        year=year, defaults={"budget": budget, "fund": fund, "note": (note or "").strip()[:300]}
    )
    if created:
        programme.created_by = by
        programme.save(update_fields=["created_by"])
    audit(
        actor=by,
        action="finance.invest_first_programme",
        target=programme,
        data={"year": year, "budget": str(budget), "fund": fund.pk if fund else None},
    )
    return programme


def _locked(programme: InvestFirstProgramme) -> InvestFirstProgramme:
    return InvestFirstProgramme.objects.select_for_update().get(pk=programme.pk)


def _notify(pilot: InvestFirstPilot, kind: str, title: Message, body="") -> None:
    notify(
        users=members_of(pilot.organisation_id),
        kind=kind,
        title=title,
        body=body,
        url=reverse("finance:hub"),
        obj=pilot,
    )


def pilot_select(
    *, by, programme: InvestFirstProgramme, organisation: Organisation, project: str, selected_on=None
) -> InvestFirstPilot:
    """Select a firm for the year's pilots. Raises ValidationError: the sixth firm of a year
    (``organisation``: "每年遴选 3—5 家企业 …"), a firm already selected this year, not an
    enterprise, no project name, a date outside the programme's year or in the future."""
    _require_operator(by)
    project = (project or "").strip()
    if not project:
        raise ValidationError({"project": _("请填写试点项目名称。")})
    selected_on = _date(selected_on or timezone.localdate(), "selected_on")
    if selected_on.year != programme.year:
        raise ValidationError({"selected_on": _("遴选日期须在专项资金年度内。")})
    if organisation.kind not in (Organisation.Kind.ENTERPRISE, Organisation.Kind.STATE_OWNED):
        raise ValidationError({"organisation": _("先投后股试点只遴选企业。")})
    try:
        with transaction.atomic():
            programme = _locked(programme)
            active = programme.pilots.filter(status__in=ACTIVE)
            if active.filter(organisation=organisation).exists():
                raise ValidationError({"organisation": _("该企业本年度已入选先投后股试点。")})
            if active.count() >= MAX_PILOTS:
                raise ValidationError(
                    {
                        "organisation": _(
                            "%(year)d 年已遴选 %(n)d 家企业，达到上限：行动计划要求每年遴选 3—5 家企业开展"
                            "“先投后股”试点（《秦创原总窗口建设行动计划》三（一）1③）。"
                        )
                        % {"year": programme.year, "n": MAX_PILOTS}
                    }
                )
            pilot = InvestFirstPilot.objects.create(
                programme=programme,
                organisation=organisation,
                project=project[:200],
                selected_on=selected_on,
                created_by=by,
            )
            audit(
                actor=by,
                action="finance.invest_first_select",
                target=pilot,
                data={"year": programme.year, "organisation": organisation.pk, "project": pilot.project},
            )
    except IntegrityError:
        raise ValidationError({"organisation": _("该企业本年度已入选先投后股试点。")}) from None
    _notify(
        pilot,
        "finance.invest_first_selected",
        Message(gettext_noop("入选 %(year)d 年先投后股试点"), year=programme.year),
        pilot.project,
    )
    return pilot


@transaction.atomic
def pilot_invest(*, by, pilot: InvestFirstPilot, amount, invested_on=None, contract=None) -> InvestFirstPilot:
    """Record the money invested first (万元, like a grant). Raises ValidationError: not a selected
    pilot, amount ≤ 0 or beyond the year's remaining budget, a contract that is not a 先投后股 contract
    of this firm."""
    from deals.models import Contract, PaymentMode

    _require_operator(by)
    programme = _locked(pilot.programme)
    pilot = InvestFirstPilot.objects.select_for_update().get(pk=pilot.pk)
    if pilot.status != InvestFirstPilot.Status.SELECTED:
        raise ValidationError({"status": _("只有已遴选、尚未投入的试点可以记录投入。")})
    amount = _decimal(amount, "amount")
    invested_on = _date(invested_on or timezone.localdate(), "invested_on")
    if invested_on < pilot.selected_on:
        raise ValidationError({"invested_on": _("投入日期不能早于遴选日期。")})
    remaining = programme.budget - invested_total(programme)
    if amount > remaining:
        raise ValidationError({"amount": _("超出本年度专项资金余额（剩余 %(r)s 万元）。") % {"r": f"{remaining:.2f}"}})
    if contract is not None:
        if not isinstance(contract, Contract):
            contract_id = str(contract)
            contract = (
                Contract.objects.filter(pk=contract_id).select_related("deal").first()
                if contract_id.isdigit()
                else None
            )
        if (
            contract is None
            or contract.payment_mode != PaymentMode.INVEST_THEN_EQUITY
            or pilot.organisation_id not in (contract.deal.supply_org_id, contract.deal.demand_org_id)
        ):
            raise ValidationError({"contract": _("须为该企业作为当事方、支付方式为“先投后股”的技术合同。")})
    pilot.amount, pilot.invested_on, pilot.contract = amount, invested_on, contract
    pilot.status = InvestFirstPilot.Status.INVESTED
    pilot.save(update_fields=["amount", "invested_on", "contract", "status"])
    audit(
        actor=by,
        action="finance.invest_first_invest",
        target=pilot,
        data={
            "amount": str(amount),
            "invested_on": invested_on.isoformat(),
            "contract": contract.pk if contract else None,
        },
    )
    _notify(
        pilot,
        "finance.invest_first_invested",
        Message(gettext_noop("先投后股资金已投入：%(a)s 万元"), a=f"{amount:.2f}"),
        pilot.project,
    )
    return pilot


@transaction.atomic
def pilot_convert(
    *, by, pilot: InvestFirstPilot, converted_on, equity_percent, valuation, shares=None, note: str = ""
) -> EquityConversion:
    """投转股: the invested amount becomes equity. Raises ValidationError: not an invested pilot, a date
    before the investment or in the future, equity outside (0, 100] %, valuation ≤ 0, shares < 1."""
    _require_operator(by)
    pilot = InvestFirstPilot.objects.select_for_update().get(pk=pilot.pk)
    if pilot.status != InvestFirstPilot.Status.INVESTED:
        raise ValidationError({"status": _("只有已投入资金的试点可以转股。")})
    converted_on = _date(converted_on, "converted_on")
    if converted_on < pilot.invested_on:
        raise ValidationError({"converted_on": _("转股日期不能早于投入日期。")})
    equity_percent = _decimal(equity_percent, "equity_percent", maximum=Decimal(100))
    valuation = _decimal(valuation, "valuation")
    if shares in ("", None):
        shares = None
    else:
        try:
            shares = int(shares)
        except (TypeError, ValueError):
            raise ValidationError({"shares": _("股数须为整数。")}) from None
        if shares < 1:
            raise ValidationError({"shares": _("股数须为正整数。")})
    conversion = EquityConversion.objects.create(
        pilot=pilot,
        converted_on=converted_on,
        equity_percent=equity_percent,
        valuation=valuation,
        shares=shares,
        note=(note or "").strip()[:300],
        recorded_by=by,
    )
    pilot.status = InvestFirstPilot.Status.CONVERTED
    pilot.save(update_fields=["status"])
    audit(
        actor=by,
        action="finance.invest_first_convert",
        target=pilot,
        data={
            "converted_on": converted_on.isoformat(),
            "equity_percent": str(equity_percent),
            "valuation": str(valuation),
            "shares": shares,
        },
    )
    _notify(
        pilot,
        "finance.invest_first_converted",
        Message(gettext_noop("先投后股已转股：持股 %(p)s%%"), p=f"{equity_percent:.2f}"),
        pilot.project,
    )
    return conversion


@transaction.atomic
def pilot_withdraw(*, by, pilot: InvestFirstPilot, reason: str) -> InvestFirstPilot:
    """Withdraw a selection before any money is invested (frees the year's place). Raises
    ValidationError: no reason, or the pilot is already invested or converted."""
    _require_operator(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤销原因。")})
    pilot = InvestFirstPilot.objects.select_for_update().get(pk=pilot.pk)
    if pilot.status != InvestFirstPilot.Status.SELECTED:
        raise ValidationError({"status": _("已投入资金的试点不能撤销遴选。")})
    pilot.status, pilot.withdraw_reason = InvestFirstPilot.Status.WITHDRAWN, reason[:300]
    pilot.save(update_fields=["status", "withdraw_reason"])
    audit(actor=by, action="finance.invest_first_withdraw", target=pilot, data={"reason": pilot.withdraw_reason})
    _notify(
        pilot, "finance.invest_first_withdrawn", Message(gettext_noop("先投后股试点遴选已撤销")), pilot.withdraw_reason
    )
    return pilot
