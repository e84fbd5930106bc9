"""Who may see and do what in instrument sharing (DESIGN.md section 5).

A booking, a service order, a voucher and its redemptions are visible only to their parties:
members of the booking (or ordering, or holding) organisation, members of the instrument's owner
(or the provider), the instrument's approvers, and operators. Everyone else sees an instrument's
calendar as anonymous busy slots (no user, no organisation, no purpose) and only aggregates.
"""

from django.db.models import Q, QuerySet

from .models import Booking, Redemption, ServiceOrder, Voucher


def is_operator(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role("operator"))


def manages_instrument(user, instrument) -> bool:
    """Who decides on bookings and records use: the named approvers; where none are named, the
    members of the owner organisation. (Every owner member still sees the bookings.)"""
    if not user.is_authenticated:
        return False
    profile = getattr(instrument, "sharing", None)
    if profile is not None and profile.approvers.exists():
        return profile.approvers.filter(pk=user.pk).exists()
    return bool(instrument.owner_org_id and instrument.owner_org_id in user.organisation_ids())


def booking_sides(user, booking: Booking) -> set[str]:
    sides = set()
    if not user.is_authenticated:
        return sides
    if booking.organisation_id in user.organisation_ids() or booking.user_id == user.pk:
        sides.add("user")
    if manages_instrument(user, booking.instrument):
        sides.add("owner")
    if is_operator(user):
        sides.add("operator")
    return sides


def bookings_visible_to(user) -> QuerySet:
    qs = Booking.objects.select_related("instrument", "organisation", "user")
    if not user.is_authenticated:
        return qs.none()
    if is_operator(user):
        return qs
    orgs = user.organisation_ids()
    return qs.filter(
        Q(organisation_id__in=orgs)
        | Q(user=user)
        | Q(instrument__owner_org_id__in=orgs)
        | Q(instrument__sharing__approvers=user)
    ).distinct()


def order_sides(user, order: ServiceOrder) -> set[str]:
    sides = set()
    if not user.is_authenticated:
        return sides
    orgs = user.organisation_ids()
    if order.organisation_id in orgs or order.requester_id == user.pk:
        sides.add("user")
    if order.provider_id in orgs:
        sides.add("provider")
    if is_operator(user):
        sides.add("operator")
    return sides


def orders_visible_to(user) -> QuerySet:
    qs = ServiceOrder.objects.select_related("provider", "organisation", "instrument")
    if not user.is_authenticated:
        return qs.none()
    if is_operator(user):
        return qs
    orgs = user.organisation_ids()
    return qs.filter(Q(organisation_id__in=orgs) | Q(requester=user) | Q(provider_id__in=orgs))


def vouchers_visible_to(user) -> QuerySet:
    """Holders see their vouchers; operators see all. Providers see only redemptions made to them."""
    qs = Voucher.objects.select_related("batch", "holder")
    if not user.is_authenticated:
        return qs.none()
    if is_operator(user):
        return qs
    return qs.filter(holder_id__in=user.organisation_ids())


def redemptions_visible_to(user) -> QuerySet:
    qs = Redemption.objects.select_related("voucher__holder", "voucher__batch", "provider", "booking", "service_order")
    if not user.is_authenticated:
        return qs.none()
    if is_operator(user):
        return qs
    orgs = user.organisation_ids()
    return qs.filter(Q(voucher__holder_id__in=orgs) | Q(provider_id__in=orgs))
