"""Computed activity of an enterprise (never typed in): patents, published records, contracts, deals.

Patents count when the patents app linked the applicant to the organisation (exact normalised
name) or when an operator confirmed another applicant string (former name, variant) as the
enterprise's (``ApplicantName``), which links the patents carrying it (``LinkedPatent``).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.audit import audit

from .models import ApplicantName, EnterpriseProfile, LinkedPatent

LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")


def patent_queryset(profile: EnterpriseProfile):
    from patents.models import Patent

    return Patent.objects.filter(
        Q(applicant_orgs=profile.organisation_id) | Q(enterprise_links__profile=profile)
    ).distinct()


def core_name(name: str) -> str:
    """The organisation name without its legal-form suffix (the string searched in applicants)."""
    for suffix in LEGAL_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 4:
            return name[: -len(suffix)]
    return name


def _applicant_rows():
    """(patent id, applicant list) for the whole pool, streamed. JSON text search is not portable
    (SQLite stores the strings \\u-escaped), so the scan runs in Python: ~10k patents in well under a second."""
    from patents.models import Patent

    return Patent.objects.values_list("pk", "applicants").order_by().iterator(chunk_size=2000)


def propose_applicant_names(profile: EnterpriseProfile | None = None) -> list[ApplicantName]:
    """Applicant strings in the patent pool that contain an enterprise's core name (its name without
    the legal-form suffix) but are not its exact name: former names, branches, spelling variants.
    One scan of the pool for all enterprises (or one). Returns the new proposals (status 待确认)
    with how many patents carry each; strings already proposed, confirmed or rejected stay as they are."""
    from patents.validators import normalise_name

    profiles = [profile] if profile else list(EnterpriseProfile.objects.select_related("organisation"))
    keys = {p.pk: (core_name(p.organisation.name), normalise_name(p.organisation.name)) for p in profiles}
    counts: dict[tuple[int, str], int] = {}
    for _pk, applicants in _applicant_rows():
        for applicant in applicants or []:
            for profile_id, (key, own) in keys.items():
                if key in applicant and normalise_name(applicant) != own:
                    counts[(profile_id, applicant)] = counts.get((profile_id, applicant), 0) + 1
    known = set(ApplicantName.objects.filter(profile__in=profiles).values_list("profile_id", "name"))
    created = [
        ApplicantName(profile_id=pid, name=name, patent_count=n)
        for (pid, name), n in counts.items()
        if (pid, name) not in known
    ]
    ApplicantName.objects.bulk_create(created)
    return created


@transaction.atomic
def applicant_name_review(*, name: ApplicantName, by, confirm: bool) -> ApplicantName:
    """Operator confirms (links the patents carrying the string) or rejects a proposed applicant name."""
    if not by.is_operator:
        raise PermissionDenied
    name.status = ApplicantName.Status.CONFIRMED if confirm else ApplicantName.Status.REJECTED
    name.reviewed_by, name.reviewed_at = by, timezone.now()
    name.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    LinkedPatent.objects.filter(via=name).delete()
    if confirm:
        ids = [pk for pk, applicants in _applicant_rows() if name.name in (applicants or [])]
        existing = set(LinkedPatent.objects.filter(profile=name.profile).values_list("patent_id", flat=True))
        LinkedPatent.objects.bulk_create(
            [LinkedPatent(profile=name.profile, patent_id=pk, via=name) for pk in ids if pk not in existing]
        )
    audit(actor=by, action="enterprise.applicant_name." + name.status, target=name.profile, note=name.name)
    return name


def summary(profile: EnterpriseProfile, user) -> dict:
    """Activity counts: patents (件), granted inventions, records published per library, registered
    contracts as seller (supply side) and buyer (demand side) with their technology amounts (万元), deals."""
    from accounts.selectors import published_records
    from deals.models import Deal
    from deals.statistics import registered

    org = profile.organisation
    patents = patent_queryset(profile)
    by_type = dict(patents.order_by().values_list("patent_type").annotate(n=Count("pk", distinct=True)))
    contracts = {}
    for side, field in (("seller", "deal__supply_org"), ("buyer", "deal__demand_org")):
        agg = registered().filter(**{field: org}).aggregate(n=Count("id"), amount=Sum("tech_amount"))
        contracts[side] = {"count": agg["n"] or 0, "amount": agg["amount"] or Decimal(0)}
    return {
        "patents": sum(by_type.values()),
        "patents_by_type": by_type,
        "invention_granted": patents.filter(patent_type="invention", legal_status="granted").count(),
        "records": [
            {"library": str(g["library"].label), "count": g["count"]}
            for g in published_records(organisation=org, user=user)
        ],
        "contracts": contracts,
        "deals": Deal.objects.filter(Q(supply_org=org) | Q(demand_org=org)).count(),
    }


def technology_fields(profile: EnterpriseProfile, limit: int = 8) -> list[tuple[str, int]]:
    """IPC subclasses of the enterprise's patents with counts, most frequent first."""
    counts: dict[str, int] = {}
    for subclasses in patent_queryset(profile).values_list("ipc_subclasses", flat=True):
        for code in filter(None, (subclasses or "").split(",")):
            counts[code] = counts.get(code, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
