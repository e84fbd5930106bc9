"""Technology contracts: filling in, signing, and registration (认定登记) with a unique number."""

import datetime as dt
from calendar import monthrange
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from notifications.messages import Message, choice_label
from notifications.services import notify

from .. import access
from ..models import Contract, Deal, RegistrationCounter, Registry
from ..models.contracts import PaymentMode, RegStatus
from ..models.deals import Stage
from .deals import deal_transition
from .notifications import deal_audience, notify_once

EDITABLE_STAGES = (Stage.INTENT, Stage.NEGOTIATION, Stage.SIGNED)

CONTRACT_FIELDS = (
    "title",
    "contract_type",
    "industry_chain",
    "total_amount",
    "tech_amount",
    "payment_mode",
    "instalment_plan",
    "royalty_terms",
    "equity_terms",
    "trial_months",
    "trial_start",
    "payment_trigger",
    "investment_amount",
    "conversion_terms",
    "signed_on",
    "signed_scan",
    # 认定登记 fields (issue 16)
    "tech_field",
    "subtype",
    "ip_type",
    "valid_from",
    "valid_until",
    "subject_summary",
    "supply_tech_income",
    "demand_tech_income",
)

# What each payment mode needs filled in.
MODE_REQUIRES = {
    PaymentMode.INSTALMENTS: ("instalment_plan",),
    PaymentMode.ROYALTY: ("royalty_terms",),
    PaymentMode.EQUITY: ("equity_terms",),
    PaymentMode.PAY_AFTER_USE: ("trial_months", "payment_trigger"),
    PaymentMode.INVEST_THEN_EQUITY: ("investment_amount", "conversion_terms"),
}


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


def _validate(contract: Contract) -> None:
    errors = {}
    for name in ("total_amount", "tech_amount"):
        value = getattr(contract, name)
        if value is not None and value < 0:
            errors[name] = _("金额不能为负。")
    if (
        contract.total_amount is not None
        and contract.tech_amount is not None
        and contract.tech_amount > contract.total_amount
    ):
        errors["tech_amount"] = _("技术交易额不能超过合同总额。")
    for name in MODE_REQUIRES.get(contract.payment_mode, ()):
        if getattr(contract, name) in (None, ""):
            label = Contract._meta.get_field(name).verbose_name
            errors[name] = _("%(mode)s须填写“%(f)s”。") % {"mode": contract.get_payment_mode_display(), "f": label}
    if contract.signed_on and contract.signed_on > timezone.localdate():
        errors["signed_on"] = _("签订日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contract_save(*, deal: Deal, by, **fields) -> Contract:
    """Create or update the deal's contract. Parties, brokers and operators may, until registration."""
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    if not access.can_view_deal(by, deal):
        raise PermissionDenied(_("只有对接双方、经纪人和平台运营人员可以填写合同。"))
    contract = Contract.objects.filter(deal=deal).first()
    if contract is not None and contract.is_registered:
        raise ValidationError({"contract": _("合同已登记，不能再修改；请办理变更登记。")})
    if contract is not None and contract.reg_status not in (RegStatus.DRAFT, RegStatus.RETURNED):
        raise ValidationError({"contract": _("合同处于“%(s)s”，不能修改。") % {"s": contract.get_reg_status_display()}})
    if deal.stage not in EDITABLE_STAGES:
        raise ValidationError({"contract": _("当前阶段“%(s)s”不能修改合同。") % {"s": deal.get_stage_display()}})
    unknown = set(fields) - set(CONTRACT_FIELDS)
    if unknown:
        raise ValidationError({"contract": _("不可修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))}})
    if contract is None:
        contract = Contract(deal=deal)
    scan = fields.pop("signed_scan", None)
    for name, value in fields.items():
        setattr(contract, name, value)
    if scan:
        contract.signed_scan = scan
    if contract.payment_mode == PaymentMode.PAY_AFTER_USE:
        if contract.trial_start and contract.trial_months:
            contract.trial_end = add_months(contract.trial_start, contract.trial_months)
        if not contract.trial_decision:
            contract.trial_decision = "pending"
    else:
        contract.trial_start = contract.trial_end = None
        contract.trial_decision = ""
    _validate(contract)
    contract.full_clean(exclude=["deal"])
    contract.save()
    return contract


def _next_number(*, registry: str, year: int) -> int:
    """Lock the (registry, year) counter row and take the next number. Runs inside a transaction."""
    try:
        counter = RegistrationCounter.objects.select_for_update().get(registry=registry, year=year)
    except RegistrationCounter.DoesNotExist:
        try:
            with transaction.atomic():
                RegistrationCounter.objects.create(registry=registry, year=year, last_number=0)
        except IntegrityError:
            pass  # another registration created it first; lock theirs below
        counter = RegistrationCounter.objects.select_for_update().get(registry=registry, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def format_number(*, registry: str, year: int, number: int) -> str:
    return f"{registry}{year}{number:06d}"


@transaction.atomic
def contract_register(*, contract: Contract, registry: str, by, on: dt.date | None = None) -> Contract:
    """认定登记: the registrar (an operator) gives the accepted contract its number; the deal moves to 登记.

    A contract still in draft or just applied for is applied for and accepted at the counter in the
    same step (both logged), so the registration form's fields and the parties' credit codes are
    checked every time. Returned, refused or already registered contracts are not registered.
    """
    from .registration import _log_and_notify, registrar_act, registration_errors, registration_submit

    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以办理认定登记。"))
    if registry not in Registry.values:
        raise ValidationError({"registry": _("请选择登记机构。")})
    deal = Deal.objects.select_for_update().get(pk=contract.deal_id)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.is_registered:
        raise ValidationError({"registration_number": _("该合同已登记：%(n)s") % {"n": contract.registration_number}})
    if not contract.is_signed:
        raise ValidationError({"signed_scan": _("没有已签订的合同（签订日期和扫描件），不能登记。")})
    if deal.stage != Stage.SIGNED:
        raise ValidationError({"stage": _("对接须处于“签约”阶段才能登记。")})
    if contract.reg_status == RegStatus.DRAFT:
        contract = registration_submit(contract=contract, by=by)
    if contract.reg_status == RegStatus.SUBMITTED:
        contract = registrar_act(contract=contract, action="accept", by=by)
    if contract.reg_status != RegStatus.ACCEPTED:
        raise ValidationError(
            {"reg_status": _("合同处于“%(s)s”，不能登记。") % {"s": contract.get_reg_status_display()}}
        )
    errors = registration_errors(contract)
    if errors:
        raise ValidationError(errors)
    on = on or timezone.localdate()
    number = _next_number(registry=registry, year=on.year)
    contract.registry = registry
    contract.registration_number = format_number(registry=registry, year=on.year, number=number)
    contract.registered_on = on
    contract.registered_by = by
    contract.reg_status = RegStatus.REGISTERED
    contract.save(
        update_fields=["registry", "registration_number", "registered_on", "registered_by", "reg_status", "updated_at"]
    )
    _log_and_notify(
        contract, action="register", from_status=RegStatus.ACCEPTED, by=by, reason=contract.registration_number
    )
    deal_transition(
        deal=deal, action="register", by=by, reason=_("登记编号 %(n)s") % {"n": contract.registration_number}
    )
    return contract


@transaction.atomic
def trial_decide(*, contract: Contract, by, decision: str, extend_months: int | None = None) -> Contract:
    """Record the pay-after-use decision at (or before) the end of the trial."""
    deal = contract.deal
    if not access.can_view_deal(by, deal):
        raise PermissionDenied(_("只有对接双方、经纪人和平台运营人员可以记录付费决定。"))
    if contract.payment_mode != PaymentMode.PAY_AFTER_USE:
        raise ValidationError({"trial_decision": _("该合同不是先使用后付费。")})
    if decision not in ("pay", "extend", "decline"):
        raise ValidationError({"trial_decision": _("请选择付费决定。")})
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if decision == "extend":
        if not extend_months or not contract.trial_end:
            raise ValidationError({"trial_months": _("延长试用须填写延长月数，且试用已开始。")})
        contract.trial_end = add_months(contract.trial_end, extend_months)
    contract.trial_decision = decision
    contract.trial_decided_on = timezone.localdate()
    contract.save(update_fields=["trial_decision", "trial_decided_on", "trial_end", "updated_at"])
    notify(
        users=deal_audience(deal),
        deal=deal,
        kind="deals.trial_decision",
        exclude=by,
        url=deal.get_absolute_url(),
        title=Message(gettext_noop("先使用后付费决定：%(d)s"), d=choice_label(contract, "trial_decision")),
        body=str(contract),
    )
    return contract


def trial_reminders(*, today: dt.date | None = None, days_before: int = 14) -> dict[str, int]:
    """Notify parties and brokers of trials ending within ``days_before`` days, and of trials that
    ended without a decision. Each notice is sent once per trial end date (safe to run daily)."""
    today = today or timezone.localdate()
    sent = {"ending": 0, "overdue": 0}
    open_decisions = ("", "pending", "extend")
    base = (
        Contract.objects.select_related("deal")
        .filter(payment_mode=PaymentMode.PAY_AFTER_USE, trial_end__isnull=False, trial_decision__in=open_decisions)
        .exclude(deal__stage=Stage.TERMINATED)
    )
    horizon = today + dt.timedelta(days=days_before)
    for contract in base.filter(trial_end__gte=today, trial_end__lte=horizon):
        sent["ending"] += notify_once(
            contract,
            deal=contract.deal,
            date_field="trial_end",
            marker_field="trial_reminded_for",
            kind="deals.trial_ending",
            message=lambda locked, deal=contract.deal: (
                Message(
                    gettext_noop("试用将于 %(d)s 结束（还有 %(n)s 天）：%(t)s"),
                    d=locked.trial_end,
                    n=(locked.trial_end - today).days,
                    t=deal.title,
                ),
                Message(gettext_noop("付费触发条件：%(c)s。请在试用期满前记录付费决定。"), c=locked.payment_trigger),
            ),
        )
    for contract in base.filter(trial_end__lt=today):
        sent["overdue"] += notify_once(
            contract,
            deal=contract.deal,
            date_field="trial_end",
            marker_field="trial_overdue_for",
            kind="deals.trial_overdue",
            message=lambda locked, deal=contract.deal: (
                Message(gettext_noop("试用已于 %(d)s 结束，尚未记录付费决定：%(t)s"), d=locked.trial_end, t=deal.title),
                "",
            ),
        )
    return sent


def amount_in_yi(amount_wan: Decimal | None) -> Decimal:
    """万元 → 亿元."""
    return (amount_wan or Decimal(0)) / Decimal(10000)
