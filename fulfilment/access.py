"""Who sees and does what in policy fulfilment (DESIGN.md §5, issue 11).

An enterprise's eligibility results, applications and grants are confidential: visible to the
enterprise's own members, operators and leaders only (not to banks, brokers, other firms or the
public; a bank's consent in ``enterprises`` covers figures for a loan, not grants). Operators write
clause terms and rules, run 免申即享 and review applications; a 免申即享 list is approved by an
operator other than the one who proposed it. Clause terms and rules themselves are public: anyone
may see what a clause asks for (the calculator explains itself to a visitor).
"""

from django.core.exceptions import PermissionDenied

from accounts.models import Organisation

ENTERPRISE_KINDS = (Organisation.Kind.ENTERPRISE, Organisation.Kind.STATE_OWNED)


def is_member(user, organisation_id) -> bool:
    return user.is_authenticated and organisation_id in user.organisation_ids()


def can_view(user, organisation_id) -> bool:
    """An enterprise's eligibility, applications and grants."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_leader or is_member(user, organisation_id)  # is_leader includes operators


def can_view_all(user) -> bool:
    """The whole ledger, statistics and per-clause evaluation."""
    return user.is_authenticated and user.is_active and user.is_leader


def can_manage(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_operator


def own_enterprises(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=user.organisation_ids(), kind__in=ENTERPRISE_KINDS).order_by("name")


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
