"""Daily job: ``manage.py fulfilment_reminders``: returned applications near their deadline,
applications waiting for review (``fulfilment.services.reminders``)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from fulfilment.services import reminders


class Command(BaseCommand):
    help = "提醒：退回待补正且即将截止的兑现申请；久未审核的兑现申请"

    def handle(self, *args, **options):
        counts = reminders(day=timezone.localdate())
        self.stdout.write(f"{counts['returned']} returned, {counts['waiting']} waiting")
