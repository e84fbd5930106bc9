"""认定登记 by the registrar's actions (deals/registration.py), and 变更 / 解除 after registration.

Every action writes a RegistrationAction row (who, when, from, to, reason) and notifies the parties.
Registration itself (the number) stays in services.contracts.contract_register, which calls
``apply`` for the "register" step.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from notifications.messages import Message
from notifications.services import notify

from .. import access
from ..models import Contract, ContractAmendment, ContractTermination, Deal, RegistrationAction
from ..models.contracts import SUBTYPES_BY_TYPE, LegalType, RegStatus
from ..models.deals import Stage
from ..registration import REGISTRATION
from .notifications import deal_audience

# Organisation.kind → the registration form's legal type.
LEGAL_TYPE_BY_KIND = {
    "enterprise": LegalType.ENTERPRISE,
    "state_owned": LegalType.ENTERPRISE,
    "financial": LegalType.ENTERPRISE,
    "incubator": LegalType.ENTERPRISE,
    "service_agency": LegalType.ENTERPRISE,
    "university": LegalType.UNIVERSITY,
    "institute": LegalType.INSTITUTE,
    "hospital": LegalType.PUBLIC_INSTITUTION,
    "government": LegalType.GOVERNMENT,
}

REQUIRED_FOR_REGISTRATION = ("tech_field", "subtype", "ip_type", "valid_from", "valid_until", "subject_summary")


def capture_parties(contract: Contract) -> None:
    """Copy the parties' legal type, region and credit code onto the contract (as of application)."""
    deal = contract.deal
    for side, org in (("supply", deal.supply_org), ("demand", deal.demand_org)):
        setattr(contract, f"{side}_legal_type", LEGAL_TYPE_BY_KIND.get(org.kind, LegalType.SOCIAL))
        setattr(contract, f"{side}_region_id", org.prefecture_id or org.county_id)
        setattr(contract, f"{side}_credit_code", org.credit_code or "")


def registration_errors(contract: Contract) -> dict[str, str]:
    """What the registrar would return the contract for: every field the registration form needs."""
    errors: dict[str, str] = {}
    for name in REQUIRED_FOR_REGISTRATION:
        if getattr(contract, name) in (None, ""):
            errors[name] = _("登记须填写“%(f)s”。") % {"f": Contract._meta.get_field(name).verbose_name}
    if contract.subtype and contract.subtype not in SUBTYPES_BY_TYPE.get(contract.contract_type, ()):
        errors["subtype"] = _("合同子类与合同类型不符。")
    if contract.valid_from and contract.valid_until and contract.valid_until < contract.valid_from:
        errors["valid_until"] = _("有效期止不能早于有效期起。")
    for side, label in (("supply", _("卖方")), ("demand", _("买方"))):
        if getattr(contract, f"{side}_legal_type") != LegalType.PERSON and not getattr(contract, f"{side}_credit_code"):
            errors[f"{side}_credit_code"] = _("%(s)s缺少统一社会信用代码，请先在机构资料中补齐。") % {"s": label}
        if not getattr(contract, f"{side}_region_id"):
            errors[f"{side}_region"] = _("%(s)s缺少所在地区，请先在机构资料中补齐。") % {"s": label}
    income = (contract.supply_tech_income or 0) + (contract.demand_tech_income or 0)
    if contract.tech_amount is not None and income > contract.tech_amount:
        errors["supply_tech_income"] = _("各方技术性收入之和不能超过技术交易额。")
    if not contract.is_signed:
        errors["signed_scan"] = _("没有已签订的合同（签订日期和扫描件），不能申请登记。")
    return errors


def _kinds(user, contract: Contract) -> set[str]:
    return access.actor_kinds(user, contract.deal)


def _log_and_notify(contract: Contract, *, action: str, from_status: str, by, reason: "str | Message" = "") -> None:
    RegistrationAction.objects.create(
        contract=contract,
        action=action,
        from_status=from_status,
        to_status=contract.reg_status,
        actor=by,
        # The record keeps one text, in the platform's language, whoever acted in which language.
        reason=reason.render(settings.LANGUAGE_CODE) if isinstance(reason, Message) else reason,
    )
    deal = contract.deal
    label = REGISTRATION[action].label
    notify(
        users=deal_audience(deal),
        deal=deal,
        kind=f"deals.registration_{action}",
        exclude=by,
        url=deal.get_absolute_url(),
        title=Message(gettext_noop("合同“%(t)s”：%(a)s"), t=contract.title, a=label),
        body=reason,
    )


def _check(contract: Contract, action: str, by, reason: str = ""):
    return REGISTRATION.check(
        action,
        state=contract.reg_status,
        state_label=contract.get_reg_status_display(),
        actor_kinds=_kinds(by, contract),
        reason=str(reason),
    )


def _locked(contract: Contract) -> Contract:
    Deal.objects.select_for_update().get(pk=contract.deal_id)
    return Contract.objects.select_for_update().select_related("deal").get(pk=contract.pk)


@transaction.atomic
def registration_submit(*, contract: Contract, by) -> Contract:
    """The parties (or their broker, or an operator at the counter) apply for registration. The
    parties' legal type, region and credit code are captured now; incomplete applications are refused."""
    contract = _locked(contract)
    _check(contract, "submit", by)
    if contract.deal.stage != Stage.SIGNED:
        raise ValidationError({"stage": _("对接须处于“签约”阶段才能申请登记。")})
    capture_parties(contract)
    errors = registration_errors(contract)
    if errors:
        raise ValidationError(errors)
    from_status = contract.reg_status
    contract.reg_status = RegStatus.SUBMITTED
    contract.save()
    _log_and_notify(contract, action="submit", from_status=from_status, by=by)
    return contract


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("请填写金额（万元）。")}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: _("金额不能为负。")})
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def registrar_act(*, contract: Contract, action: str, by, reason: str = "", amount=None) -> Contract:
    """受理 (accept), 退回补正 (return, reasons), 不予登记 (refuse, reasons), 核定 (approve: the
    technology amount the registrar recognises, with a note)."""
    if action not in ("accept", "return", "refuse", "approve"):
        raise ValidationError({"action": _("未知的操作：%(a)s") % {"a": action}})
    reason = (reason or "").strip()
    contract = _locked(contract)
    spec = _check(contract, action, by, reason)
    from_status = contract.reg_status
    if action == "approve":
        approved = _amount(amount, "approved_tech_amount")
        if approved > contract.total_amount:
            raise ValidationError({"approved_tech_amount": _("核定技术交易额不能超过合同成交额。")})
        contract.approved_tech_amount = approved
        contract.approval_note = reason[:500]
        reason = _("核定技术交易额 %(a)s 万元（申报 %(o)s 万元）：%(r)s") % {
            "a": approved,
            "o": contract.tech_amount,
            "r": reason,
        }
    if action in ("return", "refuse"):
        contract.registrar_note = reason[:500]
    contract.reg_status = spec.target
    contract.save()
    _log_and_notify(contract, action=action, from_status=from_status, by=by, reason=reason)
    return contract


# Who records a 变更 / 解除 登记, in the words a refused user reads.
RECORD_DENIED = {
    "amend": _lazy("变更登记由登记机构（平台运营人员）办理。"),
    "terminate": _lazy("解除登记由登记机构（平台运营人员）办理，一方不能单方解除已登记合同。"),
}


def registered_record_check(*, contract: Contract, action: str, by) -> None:
    """May ``by`` record a 变更登记 (``action`` "amend") or 解除登记 ("terminate") of ``contract`` now?

    Both exist only for a registered contract (《技术合同认定登记管理办法》: changes and termination
    of a registered contract are registered with the registrar). Raises PermissionDenied (not the
    registrar: ``RECORD_DENIED``) or ValidationError {"reg_status": …} when the contract is not (or
    no longer) registered. The form pages ask before showing the form; the services again inside
    their lock."""
    spec = REGISTRATION[action]
    if not (_kinds(by, contract) & set(spec.actors)):
        raise PermissionDenied(RECORD_DENIED[action])
    if contract.reg_status != RegStatus.REGISTERED:
        raise ValidationError(
            {
                "reg_status": _("合同当前为“%(s)s”，不能办理%(a)s：%(a)s只适用于已认定登记的合同。")
                % {"s": contract.get_reg_status_display(), "a": spec.label}
            }
        )


@transaction.atomic
def contract_amend(
    *, contract: Contract, by, effective_on: dt.date, total_amount, tech_amount, changes: str, agreement=None
) -> ContractAmendment:
    """变更登记: the registrar records changed terms; from ``effective_on`` statistics use the new amounts."""
    changes = (changes or "").strip()
    contract = _locked(contract)
    registered_record_check(contract=contract, action="amend", by=by)
    _check(contract, "amend", by, changes)
    total = _amount(total_amount, "total_amount")
    tech = _amount(tech_amount, "tech_amount")
    if tech > total:
        raise ValidationError({"tech_amount": _("技术交易额不能超过合同成交额。")})
    if not isinstance(effective_on, dt.date):
        raise ValidationError({"effective_on": _("请填写变更生效日期。")})
    if effective_on < contract.registered_on:
        raise ValidationError({"effective_on": _("变更生效日期不能早于登记日期。")})
    amendment = ContractAmendment.objects.create(
        contract=contract,
        effective_on=effective_on,
        total_amount=total,
        tech_amount=tech,
        changes=changes,
        agreement=agreement or "",
        recorded_by=by,
    )
    _log_and_notify(
        contract,
        action="amend",
        from_status=contract.reg_status,
        by=by,
        reason=Message(
            gettext_noop("自 %(d)s 起合同成交额 %(t)s 万元、技术交易额 %(k)s 万元：%(c)s"),
            d=effective_on,
            t=total,
            k=tech,
            c=changes,
        ),
    )
    return amendment


@transaction.atomic
def contract_terminate(
    *, contract: Contract, by, effective_on: dt.date, basis: str, reason: str, evidence=None
) -> ContractTermination:
    """解除登记: only the registrar records it, on a stated basis (both parties' agreement, a statutory
    ground, a judgment or award) — one party alone cannot end a registered contract. The deal closes
    as 终止 and the contract drops out of statistics dated from ``effective_on``."""
    from .deals import deal_transition

    reason = (reason or "").strip()
    contract = _locked(contract)
    registered_record_check(contract=contract, action="terminate", by=by)
    _check(contract, "terminate", by, reason)
    if basis not in ContractTermination.Basis.values:
        raise ValidationError({"basis": _("请选择解除依据。")})
    if not isinstance(effective_on, dt.date):
        raise ValidationError({"effective_on": _("请填写解除生效日期。")})
    if effective_on < contract.registered_on:
        raise ValidationError({"effective_on": _("解除生效日期不能早于登记日期。")})
    termination = ContractTermination.objects.create(
        contract=contract,
        effective_on=effective_on,
        basis=basis,
        reason=str(reason),
        evidence=evidence or "",
        recorded_by=by,
    )
    from_status = contract.reg_status
    contract.reg_status = RegStatus.TERMINATED
    contract.save()
    _log_and_notify(contract, action="terminate", from_status=from_status, by=by, reason=reason)
    deal_transition(
        deal=contract.deal,
        action="dissolve",
        by=by,
        reason=_("合同解除（%(b)s，%(d)s 起）：%(r)s")
        % {"b": termination.get_basis_display(), "d": effective_on, "r": reason},
    )
    return termination


def available_actions(user, contract: Contract) -> list:
    if contract is None or not user.is_authenticated:
        return []
    return REGISTRATION.available(contract.reg_status, _kinds(user, contract))
