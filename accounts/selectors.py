"""Read side of accounts: an organisation's public profile and what it has published."""

from django.http import Http404

from .models import Organisation

RECORDS_PER_LIBRARY = 10


def members_of(organisation_id) -> list:
    """The active users who are members of the organisation ``organisation_id`` (each once): the
    audience of the notices apps send to an organisation; [] for None."""
    from .models import User

    if organisation_id is None:
        return []
    return list(User.objects.filter(memberships__organisation_id=organisation_id, is_active=True).distinct())


def operators() -> list:
    """The active platform operators (role operator, or superuser, as User.is_operator): the
    audience of notices for the operators' queues."""
    from django.db.models import Q

    from .models import User

    return list(User.objects.filter(Q(roles__contains=",operator,") | Q(is_superuser=True), is_active=True))


def can_view_organisation(user, organisation: Organisation) -> bool:
    """Verified organisations are public; others only for their members and operators."""
    if organisation.is_verified:
        return True
    if not user.is_authenticated:
        return False
    return user.is_operator or organisation.pk in user.organisation_ids()


ORGANISATIONS_FOUND = 10


def find_organisations(query: str, *, limit: int = ORGANISATIONS_FOUND) -> list[Organisation]:
    """Verified organisations whose name contains ``query`` (case-insensitive), by name, at most
    ``limit`` (机构): how a new user finds the organisation to ask to join. Verified organisations
    are public anyway (can_view_organisation); unverified ones are never listed. Blank or
    one-character queries find nothing."""
    query = (query or "").strip()[:100]
    if len(query) < 2:
        return []
    return list(Organisation.objects.verified().filter(name__icontains=query).order_by("name")[:limit])


def organisation_for(*, pk: int, user) -> Organisation:
    """The organisation ``user`` may open, or Http404 (an unverified one does not exist for others)."""
    organisation = (
        Organisation.objects.select_related("prefecture", "county")
        .prefetch_related("industry_chains")
        .filter(pk=pk)
        .first()
    )
    if organisation is None or not can_view_organisation(user, organisation):
        raise Http404
    return organisation


def published_records(*, organisation: Organisation, user, per_library: int = RECORDS_PER_LIBRARY) -> list[dict]:
    """Per library: the organisation's published records the user may open (newest first) and their count."""
    from catalog.libraries import LIBRARIES

    groups = []
    for lib in LIBRARIES.values():
        qs = lib.model.objects.published().filter(owner_org=organisation)
        if not user.is_authenticated:
            qs = qs.filter(visibility="public")
        count = qs.count()
        if count:
            records = list(qs.order_by("-published_at", "-pk").only("pk", "title", "published_at")[:per_library])
            groups.append({"library": lib, "count": count, "records": records})
    return groups
