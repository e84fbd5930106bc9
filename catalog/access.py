"""Who may see and do what with a record (DESIGN.md section 5). Pages and API both ask here."""

from .models.base import Resource, Status


def is_owner(user, record: Resource) -> bool:
    if not user.is_authenticated:
        return False
    if record.created_by_id == user.pk:
        return True
    return record.owner_org_id is not None and record.owner_org_id in user.organisation_ids()


def extra_confidential_viewers(user, record: Resource) -> bool:
    """Other apps (deals) may grant confidential access, e.g. to a deal's parties and broker.

    They register a predicate with ``register_confidential_grant``; none is needed here.
    """
    return any(grant(user, record) for grant in _GRANTS)


_GRANTS: list = []


def register_confidential_grant(predicate) -> None:
    """Let another app say "this user may read this record's confidential fields"."""
    if predicate not in _GRANTS:
        _GRANTS.append(predicate)


def can_see_confidential(user, record: Resource) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_role("operator") or is_owner(user, record):
        return True
    return extra_confidential_viewers(user, record)


def can_edit(user, record: Resource) -> bool:
    return is_owner(user, record) and record.status in (Status.DRAFT, Status.RETURNED)


def can_review(user) -> bool:
    return user.is_authenticated and user.has_role("operator", "reviewer")


# A record's contact phone and email are for signed-in users only (visitors see the name), so
# that the public pages, the API and exports do not hand them to scrapers.
CONTACT_FIELDS = ("contact_phone", "contact_email")


def confidential_mask(user, record: Resource) -> set[str]:
    """The field names ``user`` must not see on ``record``: its confidential fields unless the
    user may see them, and the contact details for visitors."""
    hidden = set() if can_see_confidential(user, record) else set(record.confidential_fields)
    if not user.is_authenticated:
        hidden.update(CONTACT_FIELDS)
    return hidden
