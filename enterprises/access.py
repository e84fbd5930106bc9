"""Who may read and write an enterprise's confidential data (DESIGN.md §5).

An enterprise's qualifications under review, annual figures, points and pool proposals are visible
to its members, operators and, with the enterprise's recorded consent, to the banks that consent
names; leaders see aggregates only (distributions, counts), never one firm's figures; never public.
Verified qualifications and the demonstration designation are public facts (they are published by
the issuing bodies) and show on the portrait to anyone who may open the organisation.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Membership, Organisation


def is_member(user, profile) -> bool:
    return user.is_authenticated and profile.organisation_id in user.organisation_ids()


def has_enterprise(user) -> bool:
    """The user belongs to an enterprise (cached on the user object for the request)."""
    if not user.is_authenticated:
        return False
    if "_has_enterprise" not in user.__dict__:
        kinds = (Organisation.Kind.ENTERPRISE, Organisation.Kind.STATE_OWNED)
        user._has_enterprise = Organisation.objects.filter(pk__in=user.organisation_ids(), kind__in=kinds).exists()
    return user._has_enterprise


def can_edit(user, profile) -> bool:
    """The enterprise's admins enter the profile, qualifications and figures."""
    if not user.is_authenticated:
        return False
    return user.memberships.filter(organisation_id=profile.organisation_id, role=Membership.Role.ADMIN).exists()


def bank_has_consent(user, profile) -> bool:
    if not user.is_authenticated:
        return False
    banks = set(
        Organisation.objects.filter(pk__in=user.organisation_ids(), kind=Organisation.Kind.FINANCIAL).values_list(
            "pk", flat=True
        )
    )
    if not banks:
        return False
    return profile.consents.filter(bank_id__in=banks, revoked_at__isnull=True, granted_at__lte=timezone.now()).exists()


def can_view_figures(user, profile) -> bool:
    """Annual figures, points and breakdown, pending qualifications, pool proposals of one enterprise."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_operator or is_member(user, profile):
        return True
    return bank_has_consent(user, profile)


def can_view_aggregates(user) -> bool:
    """Distributions by new city and chain, counts per tier: leaders and operators."""
    return user.is_authenticated and user.is_leader


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
