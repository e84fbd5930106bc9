"""Daily job: e-mail organisations whose published records expire in 30 or 7 days."""

from django.core.management.base import BaseCommand

from catalog.reminders import renewal_reminders


class Command(BaseCommand):
    help = "Notify the owners of published records that expire in 30 or 7 days (run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"续期提醒 / renewal reminders: {renewal_reminders()}")
