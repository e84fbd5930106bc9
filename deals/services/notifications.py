"""Who hears about a deal (the notices themselves go through notifications.services.notify)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from notifications.services import notify

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


def notify_once(row, *, deal: Deal, date_field: str, marker_field: str, kind: str, message) -> bool:
    """Tell ``deal``'s audience (``deal_audience``) about ``row`` once per value of its date field.

    ``row`` is a model instance (an Instalment, a Contract) with a date field ``date_field`` (the
    due date, the trial end) and a nullable date field ``marker_field`` that remembers the date last
    told. Under a row lock: when the marker already holds the current date nothing is sent; else
    ``kind`` is notified with ``message(locked_row) -> (title, body)`` and the marker is set, so a
    daily job may run more than once and a moved date is told again. True when a notice went out.
    The one mechanism of the payment and trial reminders."""
    with transaction.atomic():
        locked = type(row).objects.select_for_update().get(pk=row.pk)
        when = getattr(locked, date_field)
        if getattr(locked, marker_field) == when:
            return False
        title, body = message(locked)
        notify(users=deal_audience(deal), deal=deal, kind=kind, url=deal.get_absolute_url(), title=title, body=body)
        setattr(locked, marker_field, when)
        locked.save(update_fields=[marker_field])
    return True
