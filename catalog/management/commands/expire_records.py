"""Daily job: archive published records whose validity period has ended.

Schedule it once a day (cron or the task queue's beat), e.g.
    15 0 * * *  cd /srv/techmarket && .venv/bin/python manage.py expire_records
"""

from django.core.management.base import BaseCommand

from catalog.workflow import expire_due


class Command(BaseCommand):
    help = "Archive every published record whose expiry date has passed (logs an 'expire' event per record)."

    def handle(self, *args, **options):
        count = expire_due()
        self.stdout.write(self.style.SUCCESS(f"到期下架 / expired: {count}"))
