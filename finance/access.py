"""Who sees what in technology finance (DESIGN.md §5: financing needs and loan decisions are
confidential to the enterprise, the institutions it shared them with by consent, and operators;
leaders see aggregates only).

- A need and its applications: the enterprise's members, operators, and the staff of a financial
  institution the need was shared with *while the enterprise's consent (enterprises.BankConsent)
  is in force*. Revoking the consent hides the need and the profile snapshot again.
- An application: also the staff of the product's institution (the enterprise applied to it and
  consented by applying); the profile snapshot only while the consent is in force.
- White-list marks and risk signals: operators and financial-institution staff only, never the
  public, other enterprises, brokers or leaders (leaders see counts).
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Organisation


def institution_ids(user) -> set[int]:
    """Financial institutions the user belongs to (cached on the user object for the request)."""
    if not user.is_authenticated:
        return set()
    if "_finance_institutions" not in user.__dict__:
        user._finance_institutions = set(
            Organisation.objects.filter(pk__in=user.organisation_ids(), kind=Organisation.Kind.FINANCIAL).values_list(
                "pk", flat=True
            )
        )
    return user._finance_institutions


def is_institution_staff(user) -> bool:
    return bool(institution_ids(user))


def is_enterprise_member(user, organisation_id: int) -> bool:
    return user.is_authenticated and organisation_id in user.organisation_ids()


def consented_institutions(organisation_id: int) -> set[int]:
    from enterprises.models import BankConsent

    return set(
        BankConsent.objects.filter(
            profile__organisation_id=organisation_id, revoked_at__isnull=True, granted_at__lte=timezone.now()
        ).values_list("bank_id", flat=True)
    )


def can_view_need(user, need) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_operator or is_enterprise_member(user, need.organisation_id):
        return True
    banks = institution_ids(user)
    if not banks:
        return False
    shared = set(need.shared_with.filter(pk__in=banks).values_list("pk", flat=True))
    return bool(shared & consented_institutions(need.organisation_id))


def can_view_application(user, application) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_operator or is_enterprise_member(user, application.need.organisation_id):
        return True
    return application.institution_id in institution_ids(user)


def can_view_snapshot(user, application) -> bool:
    """The profile snapshot: the enterprise, operators, and the institution while consent holds."""
    if not can_view_application(user, application):
        return False
    if user.is_operator or is_enterprise_member(user, application.need.organisation_id):
        return True
    return application.institution_id in consented_institutions(application.need.organisation_id)


def can_decide(user, application) -> bool:
    return application.institution_id in institution_ids(user)


def can_edit_terms(user, product) -> bool:
    """The institution's staff keep their products' terms; operators may too."""
    if not user.is_authenticated:
        return False
    return user.is_operator or (product.owner_org_id is not None and product.owner_org_id in institution_ids(user))


def can_see_marks(user) -> bool:
    """White-list marks and risk signals: operators and financial-institution staff only."""
    return user.is_authenticated and user.is_active and (user.is_operator or is_institution_staff(user))


def can_see_invest_first(user) -> bool:
    """先投后股 pilots (firms, amounts, conversion terms): operators and leaders only; the firms
    themselves hear about their own pilot through notifications."""
    return bool(user and user.is_authenticated and user.has_role("operator", "leader"))


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
