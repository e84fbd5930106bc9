"""Cultivation pools (梯度培育库): default tiers, the yearly selection job, operators' decisions.

Tiers and their order come from the seeds: 001 三(三)2② "登高、升规、晋位、上市" (科技型中小企业 →
高新技术企业 → 专精特新 → 规上 → 上市), 001 三(三)2④ "潜在瞪羚—瞪羚—种子独角兽—潜在独角兽—独角兽"
(每年遴选不少于 100家企业入库培育), 002 第五章 上市挂牌 "基础库""重点库""金种子库". The seeds give
no numeric thresholds: every threshold below (营业收入, 增长率, 融资额 …) is a LOCAL choice that
operators may edit on the tier (rules are data, ``core.rules`` conditions over the "enterprise"
fact set; only verified figures and qualifications count).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit
from core.rules import evaluate, filter_queryset, validate

from .facts import ENTERPRISE, context
from .models import EnterpriseProfile, PoolMembership, PoolProposal, PoolTier


def _is(fact, value=True):
    return {"fact": fact, "op": "is", "value": value}


def _ge(fact, value):
    return {"fact": fact, "op": ">=", "value": value}


SEED_LADDER = "001 三(三)2②"
SEED_GROWTH = "001 三(三)2④"
SEED_LISTING = "002 第五章"
# (code, name, track, order, entry rules, keep rules, source)
DEFAULT_TIERS = [
    ("tech_sme", "科技型中小企业", "ladder", 10, [_is("has_tech_sme")], [_is("has_tech_sme")], SEED_LADDER),
    (
        "high_tech_reserve",
        "高企后备",
        "ladder",
        20,
        [_is("has_tech_sme"), _is("has_high_tech", False), _ge("rd_ratio", 3), _ge("invention_patents", 1)],
        [_is("has_high_tech", False)],
        SEED_LADDER,
    ),
    ("high_tech", "高新技术企业", "ladder", 30, [_is("has_high_tech")], [_is("has_high_tech")], SEED_LADDER),
    ("srdi_sme", "专精特新中小企业", "ladder", 40, [_is("has_srdi_sme")], [_is("has_srdi_sme")], SEED_LADDER),
    (
        "little_giant",
        "专精特新“小巨人”",
        "ladder",
        50,
        [_is("has_little_giant")],
        [_is("has_little_giant")],
        SEED_LADDER,
    ),
    (
        "above_scale_reserve",
        "规上后备",
        "ladder",
        60,
        [_ge("revenue", 1000), _is("has_above_scale_industry", False), _is("has_above_scale_service", False)],
        [_is("has_above_scale_industry", False), _is("has_above_scale_service", False)],
        SEED_LADDER,
    ),
    (
        "above_scale",
        "规上工业企业",
        "ladder",
        70,
        [_is("has_above_scale_industry")],
        [_is("has_above_scale_industry")],
        SEED_LADDER,
    ),
    (
        "listing_basic",
        "上市后备·基础库",
        "listing",
        10,
        [_is("has_high_tech"), _ge("revenue", 5000), _is("has_listed", False)],
        [_is("has_listed", False)],
        SEED_LISTING,
    ),
    (
        "listing_key",
        "上市后备·重点库",
        "listing",
        20,
        [_ge("revenue", 20000), _ge("net_profit", 1000), _is("has_listed", False)],
        [_is("has_listed", False)],
        SEED_LISTING,
    ),
    (
        "listing_gold",
        "上市后备·金种子库",
        "listing",
        30,
        [_ge("revenue", 50000), _ge("net_profit", 3000), _ge("revenue_growth", 20), _is("has_listed", False)],
        [_is("has_listed", False)],
        SEED_LISTING,
    ),
    ("listed", "上市/挂牌企业", "listing", 40, [_is("has_listed")], [_is("has_listed")], SEED_LISTING),
    (
        "potential_gazelle",
        "潜在瞪羚",
        "growth",
        10,
        [_ge("revenue", 500), _ge("revenue_growth", 20), _is("has_gazelle", False)],
        [_is("has_gazelle", False)],
        SEED_GROWTH,
    ),
    ("gazelle", "瞪羚企业", "growth", 20, [_is("has_gazelle")], [_is("has_gazelle")], SEED_GROWTH),
    (
        "seed_unicorn",
        "种子独角兽",
        "growth",
        30,
        [_is("has_gazelle"), _ge("financing", 5000)],
        [_is("has_unicorn", False)],
        SEED_GROWTH,
    ),
    (
        "potential_unicorn",
        "潜在独角兽",
        "growth",
        40,
        [_ge("financing", 20000), _ge("revenue_growth", 30)],
        [_is("has_unicorn", False)],
        SEED_GROWTH,
    ),
    ("unicorn", "独角兽企业", "growth", 50, [_is("has_unicorn")], [_is("has_unicorn")], SEED_GROWTH),
]
TIER_CODES = [t[0] for t in DEFAULT_TIERS]


def ensure_default_tiers() -> list[PoolTier]:
    """Create the default tiers once (an operator's later edits to their rules are kept)."""
    tiers = []
    for code, name, track, order, entry, keep, source in DEFAULT_TIERS:
        tier, _created = PoolTier.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "track": track,
                "order": order,
                "entry_rules": entry,
                "keep_rules": keep,
                "source": source,
            },
        )
        tiers.append(tier)
    return tiers


def tier_rules_update(*, tier: PoolTier, by, entry_rules, keep_rules) -> PoolTier:
    """Operators edit a tier's rules; ValidationError names a bad condition."""
    if not by.is_operator:
        raise PermissionDenied
    tier.entry_rules = validate(ENTERPRISE, entry_rules)
    tier.keep_rules = validate(ENTERPRISE, keep_rules)
    tier.save(update_fields=["entry_rules", "keep_rules"])
    audit(actor=by, action="enterprise.pool.rules", target=tier, data={"entry": entry_rules, "keep": keep_rules})
    return tier


def explain(tier: PoolTier, profile: EnterpriseProfile, year: int, *, keep: bool = False):
    """Per-enterprise evaluation of a tier's entry (or keep) rule, one explanation per condition."""
    return evaluate(ENTERPRISE, tier.keep_rules if keep else tier.entry_rules, profile, context(year))


def _population():
    return EnterpriseProfile.objects.filter(organisation__verification_status="verified")


@transaction.atomic
def propose_year(*, year: int, by=None) -> dict:
    """The yearly selection job: for every tier, enterprises meeting its entry rule and not in it
    become 入库 proposals; members no longer meeting its keep rule become 出库 proposals. The bulk
    SQL query picks candidates; each gets the per-condition reasons from the Python evaluation.
    Existing proposals for the year are kept. Returns {tier code: {"enter": n, "exit": n}}."""
    if by is not None and not by.is_operator:
        raise PermissionDenied
    ctx = context(year)
    summary = {}
    ensure_default_tiers()
    for tier in PoolTier.objects.all():
        members = PoolMembership.objects.filter(tier=tier, left_on__isnull=True).values("profile_id")
        proposed = PoolProposal.objects.filter(tier=tier, year=year)
        counts = {"enter": 0, "exit": 0}
        if tier.entry_rules:
            entering = filter_queryset(ENTERPRISE, tier.entry_rules, _population().exclude(pk__in=members), ctx)
            entering = entering.exclude(pk__in=proposed.filter(action="enter").values("profile_id"))
            new = [
                PoolProposal(
                    tier=tier,
                    profile=profile,
                    year=year,
                    action="enter",
                    reasons=evaluate(ENTERPRISE, tier.entry_rules, profile, ctx).explanations,
                )
                for profile in entering.prefetch_related("reports", "qualifications")
            ]
            PoolProposal.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)  # a parallel run made it
            counts["enter"] = len(new)
        if tier.keep_rules:
            leaving = filter_queryset(
                ENTERPRISE, tier.keep_rules, EnterpriseProfile.objects.filter(pk__in=members), ctx, negate=True
            ).exclude(pk__in=proposed.filter(action="exit").values("profile_id"))
            new = []
            for profile in leaving.prefetch_related("reports", "qualifications"):
                result = evaluate(ENTERPRISE, tier.keep_rules, profile, ctx)
                reasons = [c.explanation for c in result.failed] or result.explanations
                new.append(PoolProposal(tier=tier, profile=profile, year=year, action="exit", reasons=reasons))
            PoolProposal.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)  # a parallel run made it
            counts["exit"] = len(new)
        summary[tier.code] = counts
    audit(actor=by, action="enterprise.pool.propose", data={"year": year, "summary": summary})
    return summary


@transaction.atomic
def proposal_decide(*, proposal: PoolProposal, by, confirm: bool, note: str = "", on: dt.date | None = None):
    """Operator confirms (the move is recorded with its date) or rejects (reason required) a proposal."""
    if not by.is_operator:
        raise PermissionDenied(_("只有运营人员可以确认遴选结果。"))
    proposal = PoolProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != PoolProposal.Status.PROPOSED:
        raise ValidationError(_("该建议已处理。"))
    if not confirm and not (note or "").strip():
        raise ValidationError({"note": _("否决须填写理由。")})
    day = on or timezone.localdate()
    if confirm:
        if proposal.action == PoolProposal.Action.ENTER:
            try:
                with transaction.atomic():
                    PoolMembership.objects.create(
                        tier=proposal.tier, profile=proposal.profile, entered_on=day, entry_proposal=proposal
                    )
            except IntegrityError as exc:
                raise ValidationError(_("该企业已在此库中。")) from exc
        else:
            updated = PoolMembership.objects.filter(
                tier=proposal.tier, profile=proposal.profile, left_on__isnull=True
            ).update(left_on=day, exit_proposal=proposal)
            if not updated:
                raise ValidationError(_("该企业不在此库中。"))
    proposal.status = PoolProposal.Status.CONFIRMED if confirm else PoolProposal.Status.REJECTED
    proposal.decision_note, proposal.decided_by, proposal.decided_at = (note or "").strip(), by, timezone.now()
    proposal.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    audit(
        actor=by,
        action=f"enterprise.pool.{proposal.action}.{proposal.status}",
        target=proposal.profile,
        note=proposal.decision_note,
        data={"tier": proposal.tier.code, "year": proposal.year},
    )
    return proposal


def members_on(day: dt.date):
    """Memberships in force on ``day``."""
    return PoolMembership.objects.filter(entered_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))


def tier_count(code: str, day: dt.date) -> int:
    return members_on(day).filter(tier__code=code).values("profile").distinct().count()


def tier_breakdown(code: str, day: dt.date, by: str) -> dict[str, int]:
    from reference.models import NewCity

    qs = members_on(day).filter(tier__code=code)
    if by == "new_city":
        labels = dict(NewCity.choices)
        rows = qs.values_list("profile__organisation__new_city").annotate(n=Count("profile", distinct=True))
        return {str(labels.get(k, _("未填新城"))): n for k, n in rows}
    rows = qs.values_list("profile__organisation__industry_chains__name").annotate(n=Count("profile", distinct=True))
    return {k or _("未填产业链"): n for k, n in rows}


def path(profile: EnterpriseProfile) -> list[PoolMembership]:
    """The firm's moves in date order (科小 → 高企 → 专精特新 …)."""
    return list(profile.pool_memberships.select_related("tier").order_by("entered_on", "tier__order"))
