"""Payments under a contract: instalments as rows (due date, amount, paid date and amount, evidence),
amounts received, and reminders of instalments due soon or overdue (daily job)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from notifications.messages import Message

from .. import access
from ..models import Contract, Instalment
from ..models.deals import Stage
from .notifications import notify_once


def _may_edit(by, contract: Contract) -> None:
    if not access.can_view_deal(by, contract.deal):
        raise PermissionDenied(_("只有对接双方、经纪人和平台运营人员可以维护付款记录。"))


def _amount(value, field: str, *, positive: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("请填写金额（万元）。")}) from None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0):
        raise ValidationError({field: _("应付金额须大于 0。") if positive else _("金额不能为负。")})
    return amount


def _check_plan(contract: Contract, amount: Decimal, *, exclude_pk: int | None = None) -> None:
    others = contract.instalments.exclude(pk=exclude_pk) if exclude_pk else contract.instalments.all()
    planned = others.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if planned + amount > contract.total_amount:
        raise ValidationError(
            {"amount": _("各期应付金额之和不能超过合同成交额（%(t)s 万元）。") % {"t": contract.total_amount}}
        )


@transaction.atomic
def instalment_add(*, contract: Contract, by, due_on: dt.date, amount, milestone: str = "") -> Instalment:
    """Add the next instalment (期次 = last + 1). ``amount`` in 万元, > 0; the plan's sum may not
    exceed the contract's total (合同成交额). Parties, the deal's brokers and operators.
    Raises PermissionDenied, ValidationError."""
    _may_edit(by, contract)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _may_change(contract)
    amount = _amount(amount, "amount", positive=True)
    if not isinstance(due_on, dt.date):
        raise ValidationError({"due_on": _("请填写应付日期。")})
    _check_plan(contract, amount)
    seq = (contract.instalments.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    return Instalment.objects.create(
        contract=contract, seq=seq, due_on=due_on, amount=amount, milestone=(milestone or "")[:200]
    )


def _may_change(contract: Contract) -> None:
    if contract.deal.stage == Stage.TERMINATED:
        raise ValidationError({"contract": _("对接已终止，不能再修改付款计划。")})


@transaction.atomic
def instalment_update(*, instalment: Instalment, by, due_on: dt.date, amount, milestone: str = "") -> Instalment:
    """Change an unpaid instalment's due date, amount (万元) or milestone; a paid one is a record of
    what happened and stays as it is. Same people as ``instalment_add``; PermissionDenied, ValidationError."""
    _may_edit(by, instalment.contract)
    contract = Contract.objects.select_for_update().select_related("deal").get(pk=instalment.contract_id)
    _may_change(contract)
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    if instalment.is_paid:
        raise ValidationError({"amount": _("已付款的分期不能修改。")})
    amount = _amount(amount, "amount", positive=True)
    if not isinstance(due_on, dt.date):
        raise ValidationError({"due_on": _("请填写应付日期。")})
    _check_plan(contract, amount, exclude_pk=instalment.pk)
    changed_due = due_on != instalment.due_on
    instalment.due_on, instalment.amount, instalment.milestone = due_on, amount, (milestone or "")[:200]
    fields = ["due_on", "amount", "milestone"]
    if changed_due:  # a new due date gets its own reminder and overdue notice
        instalment.reminded_for = instalment.overdue_notified_for = None
        fields += ["reminded_for", "overdue_notified_for"]
    instalment.save(update_fields=fields)
    return instalment


@transaction.atomic
def instalment_paid(*, instalment: Instalment, by, paid_on: dt.date, paid_amount=None, evidence=None) -> Instalment:
    """Mark an instalment paid on ``paid_on`` (not in the future) with the amount received (万元;
    default: the amount due) and the payment evidence (an attachment checked by
    catalog.models.base.validate_attachment). PermissionDenied, ValidationError."""
    _may_edit(by, instalment.contract)
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    if not isinstance(paid_on, dt.date):
        raise ValidationError({"paid_on": _("请填写实付日期。")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("实付日期不能晚于今天。")})
    instalment.paid_on = paid_on
    instalment.paid_amount = _amount(paid_amount, "paid_amount") if paid_amount not in (None, "") else instalment.amount
    if evidence:
        instalment.evidence = evidence
    instalment.full_clean(exclude=["contract"])
    instalment.save()
    return instalment


def amount_received(contract: Contract) -> Decimal:
    """万元 actually received so far (the paid instalments)."""
    return contract.instalments.filter(paid_on__isnull=False).aggregate(s=Sum("paid_amount"))["s"] or Decimal(0)


def payment_reminders(*, today: dt.date | None = None, days_before: int = 7) -> dict[str, int]:
    """Notify the parties and brokers of unpaid instalments due within ``days_before`` days, and once
    of each overdue one. Each notice is sent once per due date (safe to run more than once a day)."""
    today = today or timezone.localdate()
    sent = {"due": 0, "overdue": 0}
    base = Instalment.objects.select_related("contract__deal").filter(paid_on__isnull=True)
    base = base.exclude(contract__deal__stage=Stage.TERMINATED)
    soon = base.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=days_before))
    for key, kind, rows, marker, text in (
        (
            "due",
            "deals.payment_due",
            soon,
            "reminded_for",
            gettext_noop("第%(n)s期付款 %(a)s 万元将于 %(d)s 到期：%(t)s"),
        ),
        (
            "overdue",
            "deals.payment_overdue",
            base.filter(due_on__lt=today),
            "overdue_notified_for",
            gettext_noop("第%(n)s期付款 %(a)s 万元已逾期（应于 %(d)s 支付）：%(t)s"),
        ),
    ):
        for inst in rows:
            deal = inst.contract.deal
            sent[key] += notify_once(
                inst,
                deal=deal,
                date_field="due_on",
                marker_field=marker,
                kind=kind,
                message=lambda locked, deal=deal, text=text: (
                    Message(text, n=locked.seq, a=locked.amount, d=locked.due_on, t=deal.title),
                    "",
                ),
            )
    return sent
