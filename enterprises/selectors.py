"""Read side: the portrait, queues, runs and distributions, each filtered by who may see what.

Aggregates for leaders suppress any group of fewer than ``MIN_GROUP`` firms, so that no single
firm's points can be read off a distribution (DESIGN.md §5: no count, order or figure that
depends on a confidential field of one enterprise).
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Avg, Count
from django.http import Http404

from accounts.models import Organisation
from accounts.selectors import can_view_organisation

from . import access, activity, pools
from .models import (
    FIGURE_FIELDS,
    AnnualReport,
    ApplicantName,
    Demonstration,
    EnterpriseProfile,
    PointsRun,
    PointsScore,
    PoolProposal,
    PoolTier,
    Qualification,
    Verification,
)
from .services import ENTERPRISE_KINDS, profile_for

MIN_GROUP = 3  # smallest group a leader's distribution shows (local choice)


def profile_for_view(*, org_pk: int, user) -> EnterpriseProfile:
    """The profile of an enterprise the user may open (its organisation page rules), or Http404."""
    org = Organisation.objects.filter(pk=org_pk, kind__in=ENTERPRISE_KINDS).first()
    if org is None or not can_view_organisation(user, org):
        raise Http404
    return profile_for(org)


def my_profile(user) -> EnterpriseProfile | None:
    org = (
        Organisation.objects.filter(pk__in=user.organisation_ids(), kind__in=ENTERPRISE_KINDS).order_by("pk").first()
        if user.is_authenticated
        else None
    )
    return profile_for(org) if org else None


def published_run(year: int | None = None) -> PointsRun | None:
    qs = PointsRun.objects.filter(status=PointsRun.Status.PUBLISHED).select_related("model")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-published_at").first()


def portrait(*, profile: EnterpriseProfile, user) -> dict:
    """Everything the portrait page shows to ``user``. Public: verified qualifications, patents and
    fields, the demonstration designation and platforms. Confidential (members, operators, banks
    with consent): figures over years, points and breakdown, pool positions and history."""
    today_quals = [q for q in profile.qualifications.all() if q.status == Verification.VERIFIED]
    data = {
        "profile": profile,
        "organisation": profile.organisation,
        "qualifications": today_quals,
        "activity": activity.summary(profile, user),
        "fields": activity.technology_fields(profile),
        "demonstration": profile.demonstrations.filter(revoked_on__isnull=True).first(),
        "platforms": list(profile.platforms.all()),
        "confidential": access.can_view_figures(user, profile),
        "can_edit": access.can_edit(user, profile),
    }
    if not data["confidential"]:
        return data
    reports = list(profile.reports.order_by("year"))
    data["reports"] = reports
    data["pending_qualifications"] = [q for q in profile.qualifications.all() if q.status != Verification.VERIFIED]
    data["chart"] = {
        "years": [r.year for r in reports],
        "series": {
            field: [float(getattr(r, field)) if getattr(r, field) is not None else None for r in reports]
            for field, _unit in FIGURE_FIELDS
        },
        "verified": [r.status == Verification.VERIFIED for r in reports],
    }
    scores = PointsScore.objects.filter(profile=profile).select_related("run", "run__model").order_by("-run__year")
    if not user.is_operator:
        scores = scores.filter(run__status=PointsRun.Status.PUBLISHED)
    data["score"] = scores.first()
    if data["score"]:
        # Labels and sources are stored in the language of the run; show them in the reader's.
        from .facts import ENTERPRISE
        from .points import source_label

        year = data["score"].run.year
        data["parts"] = [
            {
                **p,
                "label": str(ENTERPRISE.facts[p["indicator"]].label)
                if p["indicator"] in ENTERPRISE.facts
                else p["label"],
                "source": source_label(p["indicator"], year) if p["indicator"] in ENTERPRISE.facts else p["source"],
            }
            for p in data["score"].breakdown
        ]
    data["score_history"] = [{"year": s.run.year, "total": float(s.total), "grade": s.grade} for s in reversed(scores)]
    data["path"] = pools.path(profile)
    data["proposals"] = list(profile.pool_proposals.select_related("tier").order_by("-year", "tier__order"))
    return data


def verification_queue() -> dict:
    return {
        "qualifications": Qualification.objects.filter(status=Verification.PENDING)
        .select_related("profile__organisation")
        .order_by("created_at"),
        "reports": AnnualReport.objects.filter(status=Verification.PENDING)
        .select_related("profile__organisation")
        .order_by("updated_at"),
        "names": ApplicantName.objects.filter(status=ApplicantName.Status.PROPOSED)
        .select_related("profile__organisation")
        .order_by("-patent_count"),
    }


def run_scores(run: PointsRun):
    return run.scores.select_related("profile__organisation").order_by("rank", "profile__organisation__name")


def distribution(run: PointsRun, by: str) -> list[dict]:
    """Per new city or industry chain: firms scored, average points, grade counts. Groups under
    MIN_GROUP firms are folded into "其他（少于 N 家）" (or dropped when that fold is itself small)."""
    from reference.models import NewCity

    key = "profile__organisation__new_city" if by == "new_city" else "profile__organisation__industry_chains__name"
    labels = dict(NewCity.choices) if by == "new_city" else {}
    rows = run.scores.values(key, "grade").annotate(n=Count("id"), avg=Avg("total"))
    groups: dict[str, dict] = defaultdict(lambda: {"n": 0, "sum": Decimal(0), "grades": defaultdict(int)})
    for row in rows:
        label = str(labels.get(row[key], row[key] or "未填"))
        g = groups[label]
        g["n"] += row["n"]
        g["sum"] += Decimal(str(row["avg"])) * row["n"]
        g["grades"][row["grade"]] += row["n"]
    result, small = [], {"n": 0, "sum": Decimal(0), "grades": defaultdict(int)}
    for label, g in sorted(groups.items(), key=lambda kv: -kv[1]["n"]):
        target = g if g["n"] >= MIN_GROUP else small
        if target is small:
            small["n"] += g["n"]
            small["sum"] += g["sum"]
            for grade, n in g["grades"].items():
                small["grades"][grade] += n
            continue
        result.append(_dist_row(label, g))
    if small["n"] >= MIN_GROUP:
        result.append(_dist_row(f"其他（少于 {MIN_GROUP} 家的组合并）", small))
    return result


def _dist_row(label, g) -> dict:
    return {
        "label": label,
        "n": g["n"],
        "avg": (g["sum"] / g["n"]).quantize(Decimal("0.01")),
        "grades": {grade: g["grades"].get(grade, 0) for grade in ("A", "B", "C", "D")},
    }


def tier_counts(year_end) -> list[dict]:
    """Per tier: firms in it on ``year_end`` (aggregate: leaders may read it)."""
    in_force = pools.members_on(year_end).values("tier").annotate(n=Count("profile", distinct=True))
    counts = {row["tier"]: row["n"] for row in in_force}
    from core.rules import describe

    from .facts import ENTERPRISE

    return [
        {"tier": t, "n": counts.get(t.pk, 0), "entry": [describe(ENTERPRISE, c) for c in t.entry_rules]}
        for t in PoolTier.objects.all()
    ]


def proposals(year: int, status: str = "proposed"):
    qs = PoolProposal.objects.filter(year=year).select_related("tier", "profile__organisation", "decided_by")
    if status:
        qs = qs.filter(status=status)
    return qs


def demonstrations():
    return (
        Demonstration.objects.filter(revoked_on__isnull=True, profile__organisation__verification_status="verified")
        .select_related("profile__organisation")
        .prefetch_related("profile__platforms")
    )


def expiring_qualifications(day, within_days: int = 90):
    """Verified qualifications expiring within ``within_days`` of ``day`` (expiry reminders)."""
    import datetime as dt

    return (
        Qualification.objects.valid_on(day)
        .filter(expires_on__lte=day + dt.timedelta(days=within_days))
        .select_related("profile__organisation")
    )
