"""Daily job: remind the parties and brokers of pay-after-use trials that end soon or have ended
without a payment decision. Safe to run more than once a day (each notice is sent once)."""

import datetime as dt

from django.core.management.base import BaseCommand

from deals.services.contracts import trial_reminders


class Command(BaseCommand):
    help = "先使用后付费：试用期满前提醒（建议每日运行）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=14, help="remind this many days before the trial ends (default 14)"
        )
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD, for re-runs")

    def handle(self, *args, days, today, **options):
        sent = trial_reminders(today=today, days_before=days)
        self.stdout.write(f"trial reminders: {sent['ending']} ending soon, {sent['overdue']} overdue")
