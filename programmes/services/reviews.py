"""The expert pool, reviewer draws under avoidance, invitations, scoring, ranking and results.

Draws: candidates are the pool's active experts in the call's fields, minus those who must avoid
(same organisation as an entrant, a declared conflict, a deal with an entrant within the call's
co-operation window, already on the call, a manager of the call). The pick is a seeded shuffle
(``random.Random(seed)``) over the logged candidate list, so any draw can be replayed
(``draw_replay``). A call's share of enterprise experts (西咸新区“十四五”科技规划 第七章：提高企业类
评审专家比例) is met first.
"""

import math
import random
import secrets
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from .. import access
from ..models import Assignment, Call, Draw, Entry, EntryStatus, PoolExpert, Score, Stage, TieBreak
from ..scoring import aggregate, reviewer_total

LIVE = (Assignment.Status.INVITED, Assignment.Status.ACCEPTED)


def pick(candidates: list[list], *, wanted: int, enterprise_needed: int, seed: int) -> list[int]:
    """Deterministic choice: ``candidates`` is [[expert_id, is_enterprise], ...] in id order.

    Shuffles with ``seed``, takes ``enterprise_needed`` enterprise experts first, then fills up
    from the rest in shuffled order. Raises ValidationError when too few candidates exist.
    """
    rng = random.Random(seed)
    order = list(candidates)
    rng.shuffle(order)
    enterprise = [c[0] for c in order if c[1]]
    if len(enterprise) < enterprise_needed:
        raise ValidationError(
            {
                "reviewers": _("符合回避要求的企业类专家不足：需要 %(n)s 人，仅有 %(m)s 人。")
                % {"n": enterprise_needed, "m": len(enterprise)}
            }
        )
    chosen = enterprise[:enterprise_needed]
    rest = [c[0] for c in order if c[0] not in chosen]
    if len(chosen) + len(rest) < wanted:
        raise ValidationError(
            {"reviewers": _("符合回避要求的专家不足：需要 %(n)s 人，仅有 %(m)s 人。") % {"n": wanted, "m": len(order)}}
        )
    return chosen + rest[: wanted - len(chosen)]


def exclusion_reasons(call: Call) -> dict[int, str]:
    """Expert id → reason code for every active pool expert who must not review ``call``:
    "same_org", "declared", "co_operation", "already", "manager", "field"."""
    entrant_orgs = set(
        Entry.objects.filter(call=call)
        .exclude(status__in=(EntryStatus.DRAFT, EntryStatus.WITHDRAWN))
        .values_list("entrant_org_id", flat=True)
    )
    since = timezone.now() - timedelta(days=365 * call.co_operation_years)
    partners: set[int] = set()
    if entrant_orgs:
        from deals.models import Deal

        for supply, demand in Deal.objects.filter(
            Q(supply_org_id__in=entrant_orgs) | Q(demand_org_id__in=entrant_orgs), created_at__gte=since
        ).values_list("supply_org_id", "demand_org_id"):
            partners.update({supply, demand})
    already = set(Assignment.objects.filter(call=call).values_list("expert_id", flat=True))
    managers = set(call.managers.values_list("pk", flat=True))
    chains = set(call.industry_chains.values_list("pk", flat=True))
    reasons: dict[int, str] = {}
    experts = PoolExpert.objects.filter(active=True).prefetch_related("conflicts", "industry_chains")
    for expert in experts:
        declared = {o.pk for o in expert.conflicts.all()}
        if expert.organisation_id in entrant_orgs:
            reasons[expert.pk] = "same_org"
        elif declared & entrant_orgs:
            reasons[expert.pk] = "declared"
        elif expert.organisation_id and expert.organisation_id in partners:
            reasons[expert.pk] = "co_operation"
        elif expert.pk in already:
            reasons[expert.pk] = "already"
        elif expert.user_id in managers:
            reasons[expert.pk] = "manager"
        elif chains and not chains & {c.pk for c in expert.industry_chains.all()}:
            reasons[expert.pk] = "field"
    return reasons


@transaction.atomic
def draw_reviewers(*, call: Call, by, wanted: int | None = None, seed: int | None = None, replacing=None) -> Draw:
    """Draw reviewers for ``call`` and invite them; log the draw with its seed.

    ``wanted`` defaults to the call's reviewers_per_call minus those already invited or accepted.
    Raises PermissionDenied (not a manager), ValidationError (wrong stage, too few candidates;
    nothing is written then).
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    if by is not None and not access.is_manager(by, call):
        raise PermissionDenied(_("无权抽取评审专家。"))
    if call.stage not in (Stage.OPEN, Stage.REVIEW):
        raise ValidationError({"status": _("只有征集中或评审中的项目可以抽取专家。")})
    live = Assignment.objects.filter(call=call, status__in=LIVE).select_related("expert__organisation")
    if wanted is None:
        wanted = call.reviewers_per_call - live.count()
    if wanted <= 0:
        raise ValidationError({"reviewers": _("专家人数已满。")})
    target_total = live.count() + wanted
    enterprise_total = math.ceil(target_total * call.min_enterprise_reviewer_pct / 100)
    enterprise_have = sum(1 for a in live if a.expert.is_enterprise)
    enterprise_needed = min(wanted, max(0, enterprise_total - enterprise_have))
    excluded = exclusion_reasons(call)
    candidates = [
        [e.pk, e.is_enterprise]
        for e in PoolExpert.objects.filter(active=True).select_related("organisation").order_by("pk")
        if e.pk not in excluded
    ]
    seed = secrets.randbits(48) if seed is None else int(seed)
    drawn = pick(candidates, wanted=wanted, enterprise_needed=enterprise_needed, seed=seed)
    draw = Draw.objects.create(
        call=call,
        seed=seed,
        wanted=wanted,
        candidates=candidates,
        excluded={str(k): v for k, v in excluded.items()},
        drawn=drawn,
        replacing=replacing,
        by=by,
    )
    # Keep the draw's meta (enterprise quota) reproducible too.
    draw.excluded["_enterprise_needed"] = enterprise_needed
    draw.save(update_fields=["excluded"])
    Assignment.objects.bulk_create([Assignment(call=call, expert_id=pk, draw=draw) for pk in drawn])
    audit(actor=by, action="programme.draw", target=call, data={"seed": seed, "drawn": drawn})
    return draw


def draw_replay(draw: Draw) -> list[int]:
    """Recompute a logged draw from its seed and candidate list; equals ``draw.drawn``."""
    return pick(
        draw.candidates,
        wanted=draw.wanted,
        enterprise_needed=int(draw.excluded.get("_enterprise_needed", 0)),
        seed=draw.seed,
    )


@transaction.atomic
def assignment_answer(*, assignment: Assignment, by, accept: bool) -> Assignment:
    """The invited expert accepts or declines; a decline draws a replacement at once."""
    assignment = Assignment.objects.select_for_update().select_related("expert", "call").get(pk=assignment.pk)
    if assignment.expert.user_id != by.pk:
        raise PermissionDenied(_("只能答复发给本人的评审邀请。"))
    if assignment.status != Assignment.Status.INVITED:
        raise ValidationError({"status": _("该邀请已答复。")})
    assignment.status = Assignment.Status.ACCEPTED if accept else Assignment.Status.DECLINED
    assignment.answered_at = timezone.now()
    assignment.save(update_fields=["status", "answered_at"])
    if not accept:
        draw_reviewers(call=assignment.call, by=None, wanted=1, replacing=assignment)
    return assignment


@transaction.atomic
def entry_score(*, entry: Entry, by, values: dict, comments: dict | None = None) -> list[Score]:
    """A reviewer's scores of one entry on every criterion of the rubric; all or nothing.

    ``values`` maps criterion id (int or str) to a score in 0..max_score. Raises PermissionDenied
    (not an accepted reviewer of the call, or an organisation the reviewer must avoid) or
    ValidationError (not in review, entry not submitted, a criterion missing or out of range).
    """
    entry = Entry.objects.select_related("call").get(pk=entry.pk)
    call = entry.call
    assignment = access.accepted_assignment(by, call)
    if assignment is None:
        raise PermissionDenied(_("您不是该项目已接受邀请的评审专家。"))
    if access.must_avoid_call(assignment.expert, call):
        raise PermissionDenied(_("您与本项目的申报机构需回避，不能评分。"))
    if call.stage != Stage.REVIEW:
        raise ValidationError({"status": _("只有评审阶段可以评分。")})
    if entry.status != EntryStatus.SUBMITTED:
        raise ValidationError({"entry": _("该申报不在评审中。")})
    comments = {str(k): v for k, v in (comments or {}).items()}
    given = {str(k): v for k, v in values.items()}
    errors = {}
    rows = []
    for criterion in call.criteria.all():
        raw = given.get(str(criterion.pk))
        if raw in (None, ""):
            errors[f"criterion_{criterion.pk}"] = _("请为“%(c)s”打分。") % {"c": criterion.name}
            continue
        try:
            value = Decimal(str(raw))
        except ArithmeticError:
            errors[f"criterion_{criterion.pk}"] = _("“%(c)s”的得分须为数字。") % {"c": criterion.name}
            continue
        score = Score(
            assignment=assignment,
            entry=entry,
            criterion=criterion,
            value=value,
            comment=str(comments.get(str(criterion.pk), ""))[:500],
        )
        try:
            score.clean()
        except ValidationError as exc:
            errors[f"criterion_{criterion.pk}"] = exc.message_dict["value"]
            continue
        rows.append(score)
    if errors:
        raise ValidationError(errors)
    saved = []
    for row in rows:
        obj, _created = Score.objects.update_or_create(
            assignment=assignment,
            entry=entry,
            criterion=row.criterion,
            defaults={"value": row.value, "comment": row.comment},
        )
        saved.append(obj)
    return saved


def _entry_totals(call: Call) -> dict[int, list]:
    """Entry id → [(reviewer total, {criterion id: value})] for reviewers who scored every criterion."""
    criteria = list(call.criteria.all())
    by_pair: dict[tuple[int, int], dict[int, Decimal]] = {}
    for entry_id, assignment_id, criterion_id, value in Score.objects.filter(
        entry__call=call, assignment__status=Assignment.Status.ACCEPTED
    ).values_list("entry_id", "assignment_id", "criterion_id", "value"):
        by_pair.setdefault((entry_id, assignment_id), {})[criterion_id] = value
    totals: dict[int, list] = {}
    for (entry_id, _assignment_id), values in by_pair.items():
        if all(c.pk in values for c in criteria):
            totals.setdefault(entry_id, []).append((reviewer_total(values, criteria), values))
    return totals


@transaction.atomic
def call_rank(*, call: Call) -> list[Entry]:
    """Compute and store each submitted entry's aggregate score, disagreement flag and rank
    (scoring.py states the rules). Entries nobody scored get no score and no rank."""
    criteria = list(call.criteria.all())
    first = criteria[0].pk if criteria else None
    totals = _entry_totals(call)
    entries = list(call.entries.filter(status=EntryStatus.SUBMITTED))
    scored = []
    for entry in entries:
        rows = totals.get(entry.pk, [])
        result = aggregate([t for t, _v in rows], trim_min=call.trim_min_reviewers)
        entry.final_score = result.score
        entry.disagreement = result.n > 1 and result.spread > call.disagreement_points
        entry.rank = None
        if result.score is not None:
            first_avg = sum((v[first] for _t, v in rows), Decimal(0)) / len(rows) if first else Decimal(0)
            scored.append((entry, first_avg))
    if call.tie_break == TieBreak.FIRST_CRITERION:
        scored.sort(key=lambda pair: (-pair[0].final_score, -pair[1], pair[0].submitted_at, pair[0].pk))
    else:
        scored.sort(key=lambda pair: (-pair[0].final_score, pair[0].submitted_at, pair[0].pk))
    for position, (entry, _first) in enumerate(scored, start=1):
        entry.rank = position
    Entry.objects.bulk_update(entries, ["final_score", "disagreement", "rank"])
    return [entry for entry, _first in scored]


def results_apply(*, call: Call) -> None:
    """Mark the top ``places`` ranked entries selected (with the call's award unless set), the
    other submitted ones not selected."""
    entries = list(call.entries.filter(status=EntryStatus.SUBMITTED))
    for entry in entries:
        if entry.rank is not None and entry.rank <= call.places:
            entry.status = EntryStatus.SELECTED
            if entry.award_wan is None and call.award_wan is not None:
                entry.award_wan = call.award_wan
        else:
            entry.status = EntryStatus.NOT_SELECTED
    Entry.objects.bulk_update(entries, ["status", "award_wan"])


@transaction.atomic
def pool_expert_add(*, by, user, organisation=None, industry_chains=(), conflicts=()) -> PoolExpert:
    """Put a user into the expert pool (operators only). Raises PermissionDenied."""
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以管理专家库。"))
    expert, _created = PoolExpert.objects.update_or_create(
        user=user, defaults={"organisation": organisation, "active": True}
    )
    expert.industry_chains.set(industry_chains)
    expert.conflicts.set(conflicts)
    audit(actor=by, action="programme.pool_add", target=expert)
    return expert
