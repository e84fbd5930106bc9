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
