"""In-platform notifications, and email where the platform has a mail backend configured."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from core.tasks import send_mass_mail_later

from ..models import BrokerAssignment, Deal, Notification


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


def notify(
    *,
    users: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    deal: Deal | None = None,
    exclude=None,
    email_users: Iterable | None = None,
) -> list[Notification]:
    """Create one notification per user (skipping ``exclude``) and send emails after commit, to
    ``email_users`` among them when given (a bounded list such as ``deal_contacts``), else to all."""
    users = [u for u in users if exclude is None or u.pk != exclude.pk]
    rows = Notification.objects.bulk_create(
        [Notification(user=u, deal=deal, kind=kind, title=title[:200], body=body, url=url) for u in users]
    )
    if getattr(settings, "DEALS_EMAIL_NOTIFICATIONS", True):
        mailed = users if email_users is None else [u for u in users if u.pk in {e.pk for e in email_users}]
        recipients = [u.email for u in mailed if u.email]
        if recipients:
            subject = f"[秦创原科技大市场] {title}"[:200]
            # SITE_URL (e.g. https://market.example.cn), where set, makes the link absolute in mail.
            link = f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{url}" if url.startswith("/") else url
            text = f"{body}\n\n{link}".strip()
            sender = settings.DEFAULT_FROM_EMAIL
            messages = [(subject, text, sender, [address]) for address in recipients]
            send_mass_mail_later(messages)
    return rows


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
