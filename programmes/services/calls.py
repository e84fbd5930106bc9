"""Calls: create (directly or as a challenge from a published demand), rubric, stage transitions."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from .. import access
from ..kinds import KINDS, kind_of
from ..models import Call, Criterion, Entry, EntryStatus, Kind, Stage


def _require_operator(by) -> None:
    if not (by and by.is_authenticated and by.has_role("operator")):
        raise PermissionDenied(_("只有平台运营人员可以创建征集。"))


@transaction.atomic
def call_create(*, by, kind: str, title: str, criteria: list[dict] | None = None, managers=(), **fields) -> Call:
    """Create a draft call of ``kind`` (a key of kinds.KINDS) with its rubric.

    ``criteria``: [{"name", "weight" (%), "max_score", "description"?}], weights adding up to 100
    for reviewed kinds (checked at publish). Raises PermissionDenied (not an operator) or
    ValidationError (bad fields; nothing is written then).
    """
    _require_operator(by)
    if kind not in KINDS:
        raise ValidationError({"kind": _("未知的征集类型。")})
    chains = fields.pop("industry_chains", None)
    call = Call(kind=kind, title=title, created_by=by, **fields)
    call.full_clean()
    call.save()
    if chains:
        call.industry_chains.set(chains)
    if managers:
        call.managers.set(managers)
    if criteria:
        criteria_replace(call=call, criteria=criteria, by=by)
    audit(actor=by, action="programme.create", target=call)
    return call


@transaction.atomic
def challenge_from_demand(*, demand, by, **fields) -> Call:
    """Compile a 揭榜挂帅 challenge from a published demand (产业界出题). The demand's owner becomes
    the challenge's 出题者/阅卷人 (a manager of the call); the 卡脖子 flag is carried over.
    The demand's confidential budget is not copied: the operator states the challenge's budget."""
    from catalog.models.base import Status

    if demand.status != Status.PUBLISHED:
        raise ValidationError({"source_demand": _("只能由已发布的技术需求编制榜单。")})
    fields.setdefault("title", demand.title)
    fields.setdefault("summary", demand.summary)
    fields.setdefault("problem", demand.problem)
    fields.setdefault("targets", demand.targets)
    fields.setdefault("is_bottleneck", demand.is_bottleneck)
    fields.setdefault("owner_org", demand.owner_org)
    managers = list(fields.pop("managers", ()))
    if demand.created_by_id and demand.created_by not in managers:
        managers.append(demand.created_by)
    chains = fields.pop("industry_chains", None) or list(demand.industry_chains.all())
    return call_create(
        by=by, kind=Kind.CHALLENGE, source_demand=demand, managers=managers, industry_chains=chains, **fields
    )


@transaction.atomic
def criteria_replace(*, call: Call, criteria: list[dict], by) -> list[Criterion]:
    if not access.is_manager(by, call):
        raise PermissionDenied(_("无权修改评分指标。"))
    if call.stage not in (Stage.DRAFT, Stage.OPEN):
        raise ValidationError({"criteria": _("评审开始后不能修改评分指标。")})
    call.criteria.all().delete()
    created = []
    errors = {}
    for order, data in enumerate(criteria, start=1):
        criterion = Criterion(call=call, order=order, **data)
        try:
            criterion.full_clean(exclude=["call"])
        except ValidationError as exc:
            errors[f"criteria[{order}]"] = [m for ms in exc.message_dict.values() for m in ms]
            continue
        created.append(criterion)
    if errors:
        raise ValidationError(errors)
    Criterion.objects.bulk_create(created)
    return created


def _check_requirement(call: Call, requirement: str) -> None:
    if requirement == "scored":
        if not Entry.objects.filter(call=call, status=EntryStatus.SUBMITTED, scores__isnull=False).exists():
            raise ValidationError({"status": _("尚无任何评分，不能拟定结果。")})
    elif requirement == "ranked":
        if call.stage == Stage.PUBLICITY and call.publicity_ends_at and timezone.now() < call.publicity_ends_at:
            raise ValidationError(
                {
                    "status": _("公示期未满（至 %(d)s）。")
                    % {"d": f"{timezone.localtime(call.publicity_ends_at):%Y-%m-%d %H:%M}"}
                }
            )
        if call.stage == Stage.REVIEW and not Entry.objects.filter(call=call, scores__isnull=False).exists():
            raise ValidationError({"status": _("尚无任何评分，不能公布结果。")})
    elif requirement == "race":
        if not call.race:
            raise ValidationError({"status": _("该榜单未采用赛马制。")})
        if call.entries.filter(status=EntryStatus.SELECTED).count() < 2:
            raise ValidationError({"status": _("赛马制至少需要两支入选团队。")})


def _check_publishable(call: Call) -> None:
    kind = kind_of(call)
    errors = {}
    if call.closes_at is None:
        errors["closes_at"] = _("请设置截止时间。")
    if kind.reviewed:
        weights = sum((c.weight for c in call.criteria.all()), Decimal(0))
        if weights != 100:
            errors["criteria"] = _("评分指标权重之和须为 100%%，当前为 %(w)s%%。") % {"w": weights}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_transition(*, call: Call, action: str, by, reason: str = "") -> Call:
    """Move a call along its kind's stages (kinds.STAGES), log it in the audit trail.

    ``by`` None means the system (closing at the deadline). Raises ValidationError (unknown action,
    wrong stage, missing reason, unmet precondition) or PermissionDenied.
    """
    from .reviews import call_rank, results_apply

    call = Call.objects.select_for_update().get(pk=call.pk)
    spec = kind_of(call).workflow.check(
        action,
        state=call.stage,
        state_label=call.get_stage_display(),
        actor_kinds=access.actor_kinds(by, call),
        reason=reason,
    )
    if by is None and action == "close_entries" and call.closes_at and timezone.now() < call.closes_at:
        raise ValidationError({"status": _("尚未到截止时间。")})
    if spec.requires:
        _check_requirement(call, spec.requires)
    now = timezone.now()
    from_stage = call.stage
    fields = ["stage", "updated_at"]
    if action == "publish":
        _check_publishable(call)
        call.published_at = now
        fields.append("published_at")
    elif action == "publicise":
        call_rank(call=call)
        call.publicity_ends_at = now + timedelta(days=call.publicity_days)
        fields.append("publicity_ends_at")
    elif action == "publish_results":
        if from_stage == Stage.REVIEW:
            call_rank(call=call)
        results_apply(call=call)
        call.results_at = now
        fields.append("results_at")
    elif action == "cancel":
        call.cancel_reason = reason.strip()
        fields.append("cancel_reason")
    call.stage = spec.target
    call.save(update_fields=fields)
    audit(
        actor=by, action=f"programme.{action}", target=call, note=reason, data={"from": from_stage, "to": spec.target}
    )
    return call


def close_due(now=None) -> int:
    """Close every open reviewed call whose deadline has passed (scheduled job). Returns how many."""
    now = now or timezone.now()
    count = 0
    for call in Call.objects.filter(stage=Stage.OPEN, closes_at__lte=now):
        if "close_entries" in kind_of(call).workflow:
            call_transition(call=call, action="close_entries", by=None)
            count += 1
    return count
