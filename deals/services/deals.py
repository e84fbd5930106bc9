"""Opening deals, moving them through the stage machine, linking records, assigning brokers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Organisation
from notifications.messages import Message
from notifications.services import notify

from .. import access
from ..models import Broker, BrokerAssignment, Deal, DealEvent, DealLink
from ..models.deals import Origin, Stage
from ..stages import TRANSITIONS
from .notifications import deal_audience, deal_contacts


def _requirement_error(name: str, deal: Deal) -> str | None:
    contract = getattr(deal, "contract", None) if deal.pk else None
    if name == "signed_contract":
        if contract is None:
            return _("请先填写技术合同。")
        if not contract.is_signed:
            return _("请先填写签订日期并上传已签合同扫描件。")
    if name == "registration_number":
        if contract is None or not contract.is_signed:
            return _("没有已签订的合同，不能登记。")
        if not contract.is_registered:
            return _("认定登记须由平台运营人员在合同登记中办理。")
    if name == "termination_record" and (contract is None or not hasattr(contract, "termination")):
        return _("已登记合同须由登记机构办理解除登记。")
    return None


def record_broker_response(*, deal: Deal, user) -> None:
    """The first time an assigned broker acts on a deal, remember when (response time)."""
    BrokerAssignment.objects.filter(deal=deal, broker__user=user, first_response_at__isnull=True).update(
        first_response_at=timezone.now()
    )


def available_transitions(user, deal: Deal) -> list:
    kinds = access.actor_kinds(user, deal)
    return [
        t
        for t in TRANSITIONS.values()
        if deal.stage in t.sources
        and kinds & set(t.actors)
        and t.action not in ("register", "dissolve")
        and (t.action != "negotiate" or access.may_accept(user, deal))
    ]


@transaction.atomic
def deal_transition(*, deal: Deal, action: str, by, reason: str = "") -> Deal:
    """Validate one stage move, apply it, write the event row and notify the parties."""
    spec = TRANSITIONS.get(action)
    if spec is None:
        raise ValidationError({"action": _("未知的操作：%(a)s") % {"a": action}})
    reason = (reason or "").strip()
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    kinds = access.actor_kinds(by, deal)
    if not kinds & set(spec.actors):
        raise PermissionDenied(
            _("只有对接双方、经纪人或平台运营人员可以操作此对接。")
            if spec.action != "register"
            else _("只有平台运营人员可以办理认定登记。")
        )
    if deal.stage not in spec.sources:
        raise ValidationError(
            {"stage": _("当前阶段“%(s)s”不能执行“%(a)s”。") % {"s": deal.get_stage_display(), "a": spec.label}}
        )
    if action == "negotiate" and not access.may_accept(by, deal):
        raise PermissionDenied(_("进入洽谈须由对方（发起方以外的一方；涉及技术需求时为需求方）或平台运营人员确认。"))
    if spec.reason_required and not reason:
        raise ValidationError({"reason": _("请填写终止原因。")})
    if spec.requires:
        error = _requirement_error(spec.requires, deal)
        if error:
            raise ValidationError({"stage": error})
    from_stage = deal.stage
    deal.stage = spec.target
    deal.stage_changed_at = timezone.now()
    fields = ["stage", "stage_changed_at", "updated_at"]
    if action in ("terminate", "dissolve"):
        deal.terminated_reason = reason
        fields.append("terminated_reason")
    deal.save(update_fields=fields)
    DealEvent.objects.create(
        deal=deal, action=action, from_stage=from_stage, to_stage=spec.target, actor=by, reason=reason
    )
    if "broker" in kinds:
        record_broker_response(deal=deal, user=by)
    notify(
        users=deal_audience(deal),
        deal=deal,
        kind="deals.moved",
        exclude=by,
        url=deal.get_absolute_url(),
        title=Message(gettext_noop("对接“%(t)s”：%(a)s"), t=deal.title, a=spec.label),
        body=(
            Message(
                gettext_noop("%(who)s 将阶段由“%(f)s”改为“%(to)s”。"),
                who=by,
                f=Stage(from_stage).label,
                to=Stage(spec.target).label,
            )
        )
        + (f"\n{reason}" if reason else ""),
    )
    return deal


def _check_record_visible(record, by) -> None:
    if record is None:
        return
    if not type(record).objects.visible_to(by).filter(pk=record.pk).exists():
        raise ValidationError({"records": _("无权引用该记录：%(t)s") % {"t": record}})


@transaction.atomic
def deal_open(
    *,
    by,
    supply_org: Organisation,
    demand_org: Organisation,
    title: str,
    origin: str = Origin.OTHER,
    achievement=None,
    demand=None,
    links: list[dict] | None = None,
    patent_numbers: str = "",
    note: str = "",
) -> Deal:
    """Open a deal at stage 意向. The opener must belong to one of the parties, or be a broker or operator.

    ``links`` are further records as dicts with kind, record_id, title, url.
    """
    if not by.is_authenticated:
        raise PermissionDenied(_("请先登录。"))
    is_broker = Broker.objects.filter(user=by, active=True).exists()
    in_party = bool({supply_org.pk, demand_org.pk} & by.organisation_ids())
    if not (in_party or is_broker or by.has_role("operator")):
        raise PermissionDenied(_("只能以本机构作为供给方或需求方发起对接（经纪人和平台运营人员除外）。"))
    errors = {}
    for name, org in (("supply_org", supply_org), ("demand_org", demand_org)):
        if not org.is_verified:
            errors[name] = _("该机构尚未通过平台认证，不能作为对接方。")
    if supply_org.pk == demand_org.pk:
        errors["demand_org"] = _("供给方和需求方不能是同一机构。")
    if not (title or "").strip():
        errors["title"] = _("请填写对接名称。")
    if achievement is not None and achievement.owner_org_id and achievement.owner_org_id != supply_org.pk:
        errors["supply_org"] = _("科技成果的所属机构应为供给方。")
    if demand is not None and demand.owner_org_id and demand.owner_org_id != demand_org.pk:
        errors["demand_org"] = _("技术需求的发布机构应为需求方。")
    if errors:
        raise ValidationError(errors)
    _check_record_visible(achievement, by)
    _check_record_visible(demand, by)
    deal = Deal(
        title=title.strip()[:200],
        origin=origin,
        supply_org=supply_org,
        demand_org=demand_org,
        achievement=achievement,
        demand=demand,
        patent_numbers=patent_numbers,
        note=note,
        opened_by=by,
    )
    deal.full_clean()
    deal.save()
    for link in links or []:
        DealLink.objects.get_or_create(
            deal=deal,
            kind=link["kind"],
            record_id=link["record_id"],
            defaults={"title": (link.get("title") or "")[:200], "url": link.get("url", "")[:300]},
        )
    DealEvent.objects.create(
        deal=deal, action="open", from_stage="", to_stage=Stage.INTENT, actor=by, reason=note[:500]
    )
    if is_broker and not in_party:
        BrokerAssignment.objects.create(
            broker=by.broker_profile, deal=deal, assigned_by=by, first_response_at=timezone.now()
        )
    notify(
        users=deal_audience(deal),
        deal=deal,
        kind="deals.opened",
        exclude=by,
        email_users=deal_contacts(deal),
        url=deal.get_absolute_url(),
        title=Message(gettext_noop("新的对接意向：%(t)s"), t=deal.title),
        body=Message(gettext_noop("%(who)s 发起了对接：%(s)s ↔ %(d)s"), who=by, s=supply_org, d=demand_org),
    )
    return deal


@transaction.atomic
def broker_assign(
    *, broker: Broker, by, deal: Deal | None = None, demand=None, achievement=None, share=None, fee=None
) -> BrokerAssignment:
    """Operators put a broker on a deal, a demand or an achievement. On a co-brokered deal ``share``
    (%) states the broker's part of the credit (the deal's stated shares may not exceed 100 %);
    ``fee`` (万元) records the commission or service fee."""
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以分派经纪人。"))
    if not broker.active:
        raise ValidationError({"broker": _("该经纪人已不在册。")})
    targets = [t for t in (deal, demand, achievement) if t is not None]
    if len(targets) != 1:
        raise ValidationError({"target": _("请选择一个分派对象。")})
    if share is not None:
        if deal is None:
            raise ValidationError({"share": _("分成比例只用于对接。")})
        others = (
            BrokerAssignment.objects.filter(deal=deal, share__isnull=False)
            .exclude(broker=broker)
            .values_list("share", flat=True)
        )
        if share < 0 or sum(others) + share > 100:
            raise ValidationError({"share": _("同一对接各经纪人的分成比例之和不能超过 100%。")})
    assignment, created = BrokerAssignment.objects.get_or_create(
        broker=broker, deal=deal, demand=demand, achievement=achievement, defaults={"assigned_by": by}
    )
    if share is not None or fee is not None:
        assignment.share = share if share is not None else assignment.share
        assignment.fee = fee if fee is not None else assignment.fee
        assignment.save(update_fields=["share", "fee"])
    if created:
        target = targets[0]
        url = target.get_absolute_url()
        notify(
            users=[broker.user],
            deal=deal,
            kind="deals.broker_assigned",
            url=url,
            title=Message(gettext_noop("您被分派到：%(t)s"), t=target),
            body=Message(gettext_noop("分派人：%(by)s"), by=by),
        )
        if deal is not None:
            DealEvent.objects.create(
                deal=deal,
                action="assign",
                from_stage=deal.stage,
                to_stage=deal.stage,
                actor=by,
                reason=_("分派经纪人：%(b)s") % {"b": broker},
            )
    return assignment
