"""Renewal reminders: tell a record's organisation before its publication period ends.

A published record is archived by ``expire_records`` once ``expires_at`` passes (settings.RECORD_TTL_DAYS
after approval or renewal). Its organisation's members get one e-mail on the day the record is
``REMIND_DAYS`` days from expiry (30 and 7 days), so a daily run sends each reminder once.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import send_mass_mail_later

from .libraries import LIBRARIES
from .models.base import Status

REMIND_DAYS = (30, 7)


def renewal_reminders(*, today: dt.date | None = None) -> int:
    """Queue the reminders due today; returns the number of e-mails queued (one per member per day)."""
    today = today or timezone.localdate()
    per_user: dict[int, list[str]] = defaultdict(list)
    for days in REMIND_DAYS:
        day = today + dt.timedelta(days=days)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        end = start + dt.timedelta(days=1)
        for lib in LIBRARIES.values():
            due = lib.model.objects.filter(
                status=Status.PUBLISHED, expires_at__gte=start, expires_at__lt=end, owner_org__isnull=False
            ).values_list("owner_org_id", "title")
            members = defaultdict(list)
            for org_id, title in due:
                members[org_id].append(f"{lib.label}《{title}》：{days} 天后（{day:%Y-%m-%d}）到期")
            if not members:
                continue
            users = (
                get_user_model()
                .objects.filter(is_active=True, memberships__organisation_id__in=list(members))
                .values_list("pk", "memberships__organisation_id")
            )
            for user_id, org_id in users:
                per_user[user_id].extend(members.get(org_id, []))
    emails = dict(get_user_model().objects.filter(pk__in=list(per_user)).exclude(email="").values_list("pk", "email"))
    subject = "[秦创原科技大市场] " + _("发布信息即将到期，请及时续期")
    messages = [
        (subject, "\n".join(lines) + "\n\n" + _("到期后将自动下架；如需继续展示，请在“我的发布”中续期。"),
         settings.DEFAULT_FROM_EMAIL, [emails[user_id]])
        for user_id, lines in per_user.items()
        if user_id in emails
    ]  # fmt: skip
    if messages:
        send_mass_mail_later(messages)
    return len(messages)
