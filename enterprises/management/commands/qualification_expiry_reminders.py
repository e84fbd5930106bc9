"""Daily job: ``manage.py qualification_expiry_reminders [--days 90]``."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from enterprises.services import expiry_reminders


class Command(BaseCommand):
    help = "提醒企业管理员：已核验资质即将到期"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, days, **options):
        self.stdout.write(f"{expiry_reminders(day=timezone.localdate(), within_days=days)} reminders")
