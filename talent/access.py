"""Who sees what in the talent cloud (DESIGN.md §5).

- A verified profile's summary (name, category, level, fields, organisation, region, points):
  signed-in users. Drafts and profiles waiting for verification: the person and operators.
  Anonymous visitors see only aggregates (the map, counts).
- Contact details (phone, email): the person, operators, and the requester of an ACCEPTED contact
  request (and the members of the requester's organisation). Nobody else, in any page, API,
  export or match reason; ``contact_visible_ids`` answers for a whole list in one query.
- Points breakdown: the person, operators and leaders.
- Talent demands: published ones are public; drafts the owning organisation and operators.
- Service requests: the applicant and operators (who handle them for the responsible units).
"""

from django.db.models import Q

from .models import (
    ContactRequest,
    ContactStatus,
    DemandStatus,
    ProfileStatus,
    ServiceRequest,
    TalentDemand,
    TalentProfile,
)


def profiles_visible_to(user):
    qs = TalentProfile.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if user.is_operator:
        return qs
    return qs.filter(Q(status=ProfileStatus.VERIFIED) | Q(user=user))


def can_see_profile(user, profile) -> bool:
    if not user.is_authenticated:
        return False
    return profile.status == ProfileStatus.VERIFIED or profile.user_id == user.pk or user.is_operator


def _accepted(user):
    orgs = user.organisation_ids()
    return ContactRequest.objects.filter(status=ContactStatus.ACCEPTED).filter(
        Q(requester=user) | Q(requester_org__in=orgs)
    )


def contact_visible_ids(user, ids) -> set[int]:
    """The profile ids among ``ids`` whose contact details ``user`` may read."""
    ids = [int(i) for i in ids]
    if not user.is_authenticated or not ids:
        return set()
    if user.is_operator:
        return set(ids)
    own = set(TalentProfile.objects.filter(pk__in=ids, user=user).values_list("pk", flat=True))
    return own | set(_accepted(user).filter(profile_id__in=ids).values_list("profile_id", flat=True))


def contact_visible(user, profile) -> bool:
    return profile.pk in contact_visible_ids(user, [profile.pk])


def can_see_points(user, profile) -> bool:
    return user.is_authenticated and (profile.user_id == user.pk or user.is_leader)


def demands_visible_to(user):
    qs = TalentDemand.objects.select_related("owner_org")
    published = Q(status__in=[DemandStatus.PUBLISHED, DemandStatus.CLOSED])
    if not user.is_authenticated:
        return qs.filter(published)
    if user.is_operator:
        return qs
    return qs.filter(published | Q(owner_org__in=user.organisation_ids()))


def can_manage_demand(user, demand) -> bool:
    return user.is_authenticated and (user.is_operator or demand.owner_org_id in user.organisation_ids())


def services_visible_to(user):
    qs = ServiceRequest.objects.select_related("applicant", "profile")
    if not user.is_authenticated:
        return qs.none()
    return qs if user.is_operator else qs.filter(applicant=user)


def can_apply(user, demand) -> bool:
    return (
        user.is_authenticated
        and demand.status == DemandStatus.PUBLISHED
        and demand.owner_org_id not in user.organisation_ids()
        and TalentProfile.objects.filter(user=user, status=ProfileStatus.VERIFIED).exists()
    )


def contacts_visible_to(user):
    """Contact requests the user sent (or their organisation sent) or received."""
    if not user.is_authenticated:
        return ContactRequest.objects.none()
    qs = ContactRequest.objects.select_related("profile", "requester", "requester_org", "demand")
    if user.is_operator:
        return qs
    return qs.filter(Q(profile__user=user) | Q(requester=user) | Q(requester_org__in=user.organisation_ids()))
