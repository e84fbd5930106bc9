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


def notify(
    *, users: Iterable, kind: str, title: str, body: str = "", url: str = "", deal: Deal | None = None, exclude=None
) -> list[Notification]:
    """Create one notification per user (skipping ``exclude``) and send emails after commit."""
    users = [u for u in users if exclude is None or u.pk != exclude.pk]
    rows = Notification.objects.bulk_create(
        [Notification(user=u, deal=deal, kind=kind, title=title[:200], body=body, url=url) for u in users]
    )
    if getattr(settings, "DEALS_EMAIL_NOTIFICATIONS", True):
        recipients = [u.email for u in users if u.email]
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
