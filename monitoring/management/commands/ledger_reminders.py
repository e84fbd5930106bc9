from django.core.management.base import BaseCommand

from monitoring.services.units import ledger_reminders


class Command(BaseCommand):
    help = "Remind the people and unit heads of ledger tasks that became due within 7 days or overdue (once per state change; run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"台账提醒 / ledger tasks reminded: {ledger_reminders()}")
