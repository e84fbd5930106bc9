"""Read side of technology finance: what each viewer may list (see access.py for the rules)."""

from django.db.models import Q

from . import access
from .models import Application, FinancingNeed, Loan


def needs_of(organisation_ids):
    return FinancingNeed.objects.filter(organisation_id__in=list(organisation_ids)).select_related("organisation")


def needs_shared_with(user):
    """Open needs an institution user may read: shared with one of its institutions AND under the
    enterprise's consent in force (enterprises.BankConsent). Nothing else, not even a count."""
    from django.utils import timezone

    from enterprises.models import BankConsent

    banks = access.institution_ids(user)
    if not banks:
        return FinancingNeed.objects.none()
    consented = BankConsent.objects.filter(
        bank_id__in=banks, revoked_at__isnull=True, granted_at__lte=timezone.now()
    ).values("profile__organisation_id")
    return (
        FinancingNeed.objects.filter(status=FinancingNeed.Status.OPEN, shared_with__in=banks)
        .filter(organisation_id__in=consented)
        .distinct()
        .select_related("organisation")
    )


def applications_for(user, *, status: str = ""):
    """Operators: all; institution staff: their institutions' queue; enterprise members: their own."""
    qs = Application.objects.select_related("need__organisation", "product", "institution")
    if not user.is_authenticated:
        return qs.none()
    if not user.is_operator:
        qs = qs.filter(
            Q(institution_id__in=access.institution_ids(user)) | Q(need__organisation_id__in=user.organisation_ids())
        )
    if status:
        qs = qs.filter(status=status)
    return qs


def queue_for(user, *, status: str = ""):
    qs = Application.objects.select_related("need__organisation", "product").filter(
        institution_id__in=access.institution_ids(user)
    )
    return qs.filter(status=status) if status else qs


def loans_for(user):
    qs = Loan.objects.select_related("organisation", "institution", "application__product")
    if user.is_operator:
        return qs
    return qs.filter(
        Q(institution_id__in=access.institution_ids(user)) | Q(organisation_id__in=user.organisation_ids())
    )


def matching_needs(user) -> list[tuple[FinancingNeed, list]]:
    """Needs shared with the user's institutions, each with the institution's products it is
    eligible for (the rules in one query per product over the shared firms)."""
    from . import fit

    needs = list(needs_shared_with(user).prefetch_related("applications"))
    if not needs:
        return []
    from enterprises.models import EnterpriseProfile

    profiles = dict(
        EnterpriseProfile.objects.filter(organisation_id__in={n.organisation_id for n in needs}).values_list(
            "organisation_id", "pk"
        )
    )
    rows = []
    products_by_type: dict[str, list] = {}
    eligible_cache: dict[int, set[int]] = {}
    for need in needs:
        if need.need_type not in products_by_type:
            products_by_type[need.need_type] = fit.candidate_products(need.need_type, access.institution_ids(user))
        matched = []
        for product in products_by_type[need.need_type]:
            if product.pk not in eligible_cache:
                eligible_cache[product.pk] = fit.eligible_profile_ids(product, profiles.values())
            if profiles.get(need.organisation_id) in eligible_cache[product.pk]:
                matched.append(product)
        rows.append((need, matched))
    return rows
