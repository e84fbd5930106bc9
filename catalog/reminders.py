"""Renewal reminders: tell a record's organisation before its publication period ends.

A published record is archived by ``expire_records`` once ``expires_at`` passes (settings.RECORD_TTL_DAYS
after approval or renewal). Its owners (organisation members and creator) get one notice on the day the record is
``REMIND_DAYS`` days from expiry (30 and 7 days), so a daily run sends each reminder once.
"""

import datetime as dt

from django.utils import timezone

from .libraries import LIBRARIES
from .models.base import Status
from .notices import expiring_notice

REMIND_DAYS = (30, 7)


def renewal_reminders(*, today: dt.date | None = None) -> int:
    """Notify the owners of the records due today (``catalog.expiring``: on site, and by e-mail or
    in the daily digest as each member chose); returns the number of records reminded."""
    today = today or timezone.localdate()
    reminded = 0
    for days in REMIND_DAYS:
        day = today + dt.timedelta(days=days)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        end = start + dt.timedelta(days=1)
        for lib in LIBRARIES.values():
            due = lib.model.objects.filter(status=Status.PUBLISHED, expires_at__gte=start, expires_at__lt=end)
            for record in due.iterator():
                if expiring_notice(record=record, days=days):
                    reminded += 1
    return reminded
