"""Daily job: remind the parties and brokers of contract instalments due soon or overdue.
Safe to run more than once a day (each notice is sent once per due date)."""

import datetime as dt

from django.core.management.base import BaseCommand

from deals.services.payments import payment_reminders


class Command(BaseCommand):
    help = "合同分期付款：到期前与逾期提醒（建议每日运行）"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="remind this many days before an instalment is due")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD, for re-runs")

    def handle(self, *args, days, today, **options):
        sent = payment_reminders(today=today, days_before=days)
        self.stdout.write(f"payment reminders: {sent['due']} due soon, {sent['overdue']} overdue")
