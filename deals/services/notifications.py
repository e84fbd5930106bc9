"""Who hears about a deal (the notices themselves go through notifications.services.notify)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from ..models import BrokerAssignment, Deal


def deal_audience(deal: Deal) -> list:
    """Every user who follows a deal: the parties' members and the assigned active brokers."""
    User = get_user_model()
    broker_users = BrokerAssignment.objects.filter(deal=deal, broker__active=True).values("broker__user_id")
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(memberships__organisation_id__in=[deal.supply_org_id, deal.demand_org_id]) | Q(pk__in=broker_users))
        .distinct()
    )


# At most this many members of one organisation get an e-mail about a deal they did not open
# (its admins first): opening a deal must not mail a whole organisation (issue 9).
EMAIL_PER_ORGANISATION = 5


def deal_contacts(deal: Deal) -> list:
    """Who is e-mailed when a deal is opened: the assigned active brokers and, per party, at most
    ``settings.DEALS_EMAIL_PER_ORGANISATION`` (default 5) active members, admins first, then the
    longest-standing."""
    User = get_user_model()
    limit = getattr(settings, "DEALS_EMAIL_PER_ORGANISATION", EMAIL_PER_ORGANISATION)
    broker_users = BrokerAssignment.objects.filter(deal=deal, broker__active=True).values("broker__user_id")
    users = list(User.objects.filter(is_active=True, pk__in=broker_users))
    for org_id in (deal.supply_org_id, deal.demand_org_id):
        members = (
            User.objects.filter(is_active=True, memberships__organisation_id=org_id)
            .order_by("memberships__role", "memberships__created_at", "pk")  # "admin" sorts before "member"
            .distinct()[:limit]
        )
        users.extend(u for u in members if u not in users)
    return users


# The notification centre is the notifications app (issue 10); these names stay importable from here.
__all__ = ["deal_audience", "deal_contacts"]
