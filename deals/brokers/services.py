"""Write side for brokers: the registry, the work log and assessment periods."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AssessmentPeriod, Broker, BrokerAssignment, WorkLog


@transaction.atomic
def broker_register(
    *,
    user,
    by,
    level: str,
    fields_of_work: str = "",
    organisation=None,
    certificate_number: str = "",
    industry_chains=None,
) -> Broker:
    """Operators put a user on the broker register (and give the user the broker role)."""
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以登记技术经纪人。"))
    broker, _created = Broker.objects.update_or_create(
        user=user,
        defaults={
            "level": level,
            "fields_of_work": fields_of_work,
            "organisation": organisation,
            "certificate_number": certificate_number,
            "active": True,
        },
    )
    broker.full_clean()
    if industry_chains is not None:
        broker.industry_chains.set(industry_chains)
    if "broker" not in (user.roles or []):
        user.roles = [*(user.roles or []), "broker"]
        user.save(update_fields=["roles"])
    return broker


@transaction.atomic
def worklog_add(
    *,
    broker: Broker,
    by,
    kind: str,
    happened_on,
    note: str,
    deal=None,
    achievement=None,
    demand=None,
    enterprise=None,
    evidence=None,
) -> WorkLog:
    """A broker records a piece of work (挖掘/对接/落地/跟踪), with evidence where there is some."""
    if by.pk != broker.user_id and not by.has_role("operator"):
        raise PermissionDenied(_("只能记录本人的工作。"))
    if not broker.active:
        raise ValidationError({"broker": _("该经纪人已不在册。")})
    errors = {}
    if happened_on and happened_on > timezone.localdate():
        errors["happened_on"] = _("日期不能晚于今天。")
    if kind == WorkLog.Kind.MINE and achievement is None:
        errors["achievement"] = _("挖掘工作须关联挖掘到的科技成果。")
    if kind == WorkLog.Kind.LAND and deal is None:
        errors["deal"] = _("落地工作须关联签约的对接。")
    if deal is not None:
        from ..access import can_view_deal

        if not can_view_deal(broker.user, deal):
            errors["deal"] = _("只能关联本人参与的对接。")
    # The same rule as the web form's choices: only records the writer may open (no other
    # organisation's drafts), only verified enterprises, so a log never shows or counts others' secrets.
    for name, record in (("achievement", achievement), ("demand", demand)):
        if record is not None and not type(record).objects.visible_to(by).filter(pk=record.pk).exists():
            errors[name] = _("无权引用该记录。")
    if enterprise is not None and not enterprise.is_verified:
        errors["enterprise"] = _("只能关联已认证的企业。")
    if errors:
        raise ValidationError(errors)
    log = WorkLog(
        broker=broker,
        kind=kind,
        happened_on=happened_on,
        note=note,
        deal=deal,
        achievement=achievement,
        demand=demand,
        enterprise=enterprise,
    )
    if evidence:
        log.evidence = evidence
    log.full_clean()
    log.save()
    # Work on an assigned record counts as the broker's response to that assignment.
    targets = {"deal": deal, "achievement": achievement, "demand": demand}
    for name, target in targets.items():
        if target is not None:
            BrokerAssignment.objects.filter(broker=broker, first_response_at__isnull=True, **{name: target}).update(
                first_response_at=timezone.now()
            )
    return log


@transaction.atomic
def period_save(*, by, period: AssessmentPeriod | None = None, **fields) -> AssessmentPeriod:
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以设置考核期和权重。"))
    period = period or AssessmentPeriod(created_by=by)
    for name, value in fields.items():
        setattr(period, name, value)
    weights = [
        period.weight_deals,
        period.weight_turnover,
        period.weight_enterprises,
        period.weight_achievements,
        period.weight_response,
    ]
    if sum(weights) <= 0:
        raise ValidationError({"weight_deals": _("权重之和必须大于零。")})
    if period.start and period.end and period.end < period.start:
        raise ValidationError({"end": _("结束日期不能早于开始日期。")})
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def deal_broker_terms_set(*, deal, by, terms: dict[int, tuple]) -> list[BrokerAssignment]:
    """Operators state each co-broker's share of a deal's credit (%, 0–100; blank = an equal split
    of what the stated shares leave) and fee or commission (万元, ≥ 0), for every broker assigned to
    the deal at once. ``terms`` = {assignment id: (share or None, fee or None)}. The stated shares
    may not exceed 100 % together; nothing is saved unless every row is valid.
    Raises PermissionDenied (not an operator), ValidationError."""
    from decimal import Decimal

    from ..models import Deal

    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以设置经纪人分成和佣金。"))
    Deal.objects.select_for_update().get(pk=deal.pk)
    rows = {a.pk: a for a in BrokerAssignment.objects.select_for_update().filter(deal=deal)}
    unknown = set(terms) - set(rows)
    if unknown:
        raise ValidationError({"share": _("分派记录不属于该对接。")})
    errors, total = {}, Decimal(0)
    for pk, assignment in rows.items():
        share, fee = terms.get(pk, (assignment.share, assignment.fee))
        if share is not None and not (0 <= share <= 100):
            errors["share"] = _("分成比例须在 0 到 100 之间。")
        if fee is not None and fee < 0:
            errors["fee"] = _("佣金/服务费不能为负。")
        total += share or 0
        assignment.share, assignment.fee = share, fee
    if total > 100:
        errors["share"] = _("同一对接各经纪人的分成比例之和不能超过 100%。")
    if errors:
        raise ValidationError(errors)
    for assignment in rows.values():
        assignment.save(update_fields=["share", "fee"])
    return list(rows.values())


def rating_client_orgs(deal) -> set[int]:
    """The broker's client on a deal, whose members rate the broker: the demand party (the
    enterprise or buyer the broker served, as the assessment's "enterprises served" counts it)."""
    return {deal.demand_org_id}


def may_rate(user, deal) -> bool:
    from ..models.deals import LANDED_STAGES, Stage

    if not user.is_authenticated or deal.stage not in (*LANDED_STAGES, Stage.TERMINATED):
        return False
    return bool(rating_client_orgs(deal) & user.organisation_ids())


@transaction.atomic
def broker_rate(*, assignment: BrokerAssignment, by, rating: int) -> BrokerAssignment:
    """The client (a member of the deal's demand party) rates a broker's service on a deal, 1–5,
    once the deal is signed (or beyond) or ended; a later rating replaces the earlier one. The
    broker, the other party, operators and outsiders may not. PermissionDenied, ValidationError."""
    deal = assignment.deal
    if deal is None:
        raise ValidationError({"rating": _("只能评价对接中的经纪服务。")})
    if not (rating_client_orgs(deal) & by.organisation_ids()) or by.pk == assignment.broker.user_id:
        raise PermissionDenied(_("只有需求方（经纪服务的委托方）可以评价经纪人。"))
    if not may_rate(by, deal):
        raise ValidationError({"rating": _("对接签约后才能评价经纪人。")})
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError({"rating": _("评分须为 1 到 5 分。")})
    assignment = BrokerAssignment.objects.select_for_update().get(pk=assignment.pk)
    assignment.client_rating = rating
    assignment.save(update_fields=["client_rating"])
    return assignment
