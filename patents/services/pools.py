"""Pool assignment (rules plus manual overrides), value scoring, and the pool write side."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from .. import scoring
from ..models import Patent, PatentPool, PoolMembership, PoolOverride
from ..rules import PoolRules, parse_pool
from .notify import notify_changed

CHUNK = 2000
SCORE_FIELDS = ["value_score", "high_value", "score_breakdown"]


def active_pools() -> list[tuple[PatentPool, PoolRules]]:
    return [(pool, parse_pool(pool)) for pool in PatentPool.objects.filter(is_active=True)]


def _text(patent) -> str:
    return f"{patent.title}\n{patent.abstract}"


def rule_matches(patent, pools: list[tuple[PatentPool, PoolRules]]) -> dict[int, str]:
    """{pool id: reason} for the pools whose rules select this patent."""
    text, codes, subs = _text(patent), patent.ipc_code_list, patent.ipc_subclass_list
    result = {}
    for pool, rules in pools:
        reason = rules.match(text=text, codes=codes, subclasses=subs)
        if reason:
            result[pool.id] = reason
    return result


def desired_memberships(patent, pools, overrides: dict[int, str]) -> dict[int, tuple[str, str]]:
    """{pool id: (via, reason)}: rule matches, plus manual inclusions, minus manual exclusions."""
    active_ids = {pool.id for pool, _r in pools}
    result = {pid: (PoolMembership.Via.RULE, reason[:200]) for pid, reason in rule_matches(patent, pools).items()}
    for pool_id, action in overrides.items():
        if pool_id not in active_ids:
            continue
        if action == PoolOverride.Action.EXCLUDE:
            result.pop(pool_id, None)
        else:
            result[pool_id] = (PoolMembership.Via.MANUAL, _("人工加入"))
    return result


def apply_score(patent, *, strategic: bool, cfg: dict) -> bool:
    """Set the stored score fields; True when they changed."""
    breakdown = scoring.score(patent, strategic_industry=strategic, cfg=cfg)
    new = (breakdown["total"], breakdown["high_value"], breakdown)
    if (patent.value_score, patent.high_value, patent.score_breakdown) == new:
        return False
    patent.value_score, patent.high_value, patent.score_breakdown = new
    return True


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _overrides_for(patent_ids: list[int] | None) -> dict[int, dict[int, str]]:
    result: dict[int, dict[int, str]] = {}
    qs = PoolOverride.objects.all()
    rows = []
    if patent_ids is None:
        rows = qs.values_list("patent_id", "pool_id", "action")
    else:
        for chunk in _chunks(patent_ids):
            rows.extend(qs.filter(patent_id__in=chunk).values_list("patent_id", "pool_id", "action"))
    for patent_id, pool_id, action in rows:
        result.setdefault(patent_id, {})[pool_id] = action
    return result


def sync(patents: list[Patent], *, write_scores: bool = True) -> set[int]:
    """Bring the memberships and scores of these saved patents in line with the active pools' rules
    and the overrides. Returns the ids of patents whose pools or score changed."""
    if not patents:
        return set()
    pools = active_pools()
    strategic_ids = {pool.id for pool, _r in pools if pool.strategic_emerging}
    ids = [p.id for p in patents]
    overrides = _overrides_for(ids)
    existing: dict[tuple[int, int], tuple[int, str, str]] = {}
    for chunk in _chunks(ids):
        for mid, pool_id, patent_id, via, reason in PoolMembership.objects.filter(patent_id__in=chunk).values_list(
            "id", "pool_id", "patent_id", "via", "reason"
        ):
            existing[(pool_id, patent_id)] = (mid, via, reason)
    cfg = scoring.config()
    create, update, delete, rescored = [], [], [], []
    changed: set[int] = set()
    for patent in patents:
        wanted = desired_memberships(patent, pools, overrides.get(patent.id, {}))
        for pool_id, (via, reason) in wanted.items():
            current = existing.pop((pool_id, patent.id), None)
            if current is None:
                create.append(PoolMembership(pool_id=pool_id, patent_id=patent.id, via=via, reason=reason))
                changed.add(patent.id)
            elif current[1:] != (via, reason):
                update.append(PoolMembership(id=current[0], via=via, reason=reason))
        if write_scores and apply_score(patent, strategic=bool(strategic_ids & wanted.keys()), cfg=cfg):
            rescored.append(patent)
            changed.add(patent.id)
    for (_pool_id, patent_id), (mid, _via, _reason) in existing.items():
        delete.append(mid)
        changed.add(patent_id)
    PoolMembership.objects.bulk_create(create, batch_size=1000)
    PoolMembership.objects.bulk_update(update, ["via", "reason"], batch_size=1000)
    for chunk in _chunks(delete):
        PoolMembership.objects.filter(id__in=chunk).delete()
    Patent.objects.bulk_update(rescored, SCORE_FIELDS, batch_size=500)
    return changed


def reassign(*, patent_ids: Iterable[int] | None = None) -> set[int]:
    """Re-run assignment and scoring for these patents (all when None), in batches."""
    qs = Patent.objects.only(
        "id",
        "publication_number",
        "patent_type",
        "title",
        "abstract",
        "ipc_codes",
        "ipc_subclasses",
        "claims_count",
        "application_date",
        "grant_date",
        "legal_status",
        "overseas_family",
        "cited_by_count",
        "years_maintained",
        "pledge_amount",
        "award",
        "value_score",
        "high_value",
        "score_breakdown",
    ).order_by("id")
    ids = sorted(set(patent_ids)) if patent_ids is not None else list(qs.values_list("id", flat=True))
    changed: set[int] = set()
    for chunk in _chunks(ids):
        changed |= sync(list(qs.filter(id__in=chunk)))
    notify_changed(changed)
    return changed


def _require_operator(user) -> None:
    if not (user and getattr(user, "is_operator", False)):
        raise PermissionDenied(_("只有平台运营人员可以管理专利池。"))


@transaction.atomic
def pool_save(*, pool: PatentPool, by, brokers=None) -> tuple[PatentPool, set[int]]:
    """Create or update a pool (rules validated), then re-run assignment over every patent."""
    _require_operator(by)
    parse_pool(pool)  # raises ValidationError on a bad rule line
    pool.full_clean()
    creating = pool.pk is None
    if not creating:
        before = PatentPool.objects.get(pk=pool.pk)
        rules_changed = any(
            getattr(before, f) != getattr(pool, f)
            for f in (
                "ipc_rules",
                "keyword_rules",
                "exclude_keywords",
                "is_active",
                "strategic_emerging",
                "high_value_threshold",
            )
        )
    else:
        rules_changed = True
    if rules_changed:
        pool.rules_changed_at = timezone.now()
    pool.save()
    if brokers is not None:
        bad = [u for u in brokers if not u.is_broker]
        if bad:
            raise ValidationError({"brokers": _("只能指派技术经纪人：%(n)s") % {"n": "、".join(str(u) for u in bad)}})
        pool.brokers.set(brokers)
    changed: set[int] = set()
    if rules_changed:
        changed = reassign()
        PatentPool.objects.filter(pk=pool.pk).update(assigned_at=timezone.now())
    audit(
        actor=by,
        action="patents.pool_created" if creating else "patents.pool_updated",
        target=pool,
        data={"changed_patents": len(changed)},
    )
    return pool, changed


@transaction.atomic
def override_set(*, pool: PatentPool, patent: Patent, action: str, by, note: str = "") -> PoolOverride:
    """Manually include a patent in a pool or exclude it, whatever the rules say."""
    _require_operator(by)
    if action not in PoolOverride.Action.values:
        raise ValidationError({"action": _("无效的操作。")})
    override, _created = PoolOverride.objects.update_or_create(
        pool=pool, patent=patent, defaults={"action": action, "note": note[:200], "created_by": by}
    )
    reassign(patent_ids=[patent.id])
    audit(actor=by, action=f"patents.{action}", target=patent, note=note, data={"pool": pool.slug})
    return override


@transaction.atomic
def override_remove(*, pool: PatentPool, patent: Patent, by) -> None:
    """Drop a manual decision: the rules decide again."""
    _require_operator(by)
    PoolOverride.objects.filter(pool=pool, patent=patent).delete()
    reassign(patent_ids=[patent.id])
    audit(actor=by, action="patents.override_removed", target=patent, data={"pool": pool.slug})
