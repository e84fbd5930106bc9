from django.core.management.base import BaseCommand

from subscriptions.matches import collect_new_matches
from subscriptions.services import collect_new_records


class Command(BaseCommand):
    help = (
        "Tell subscribers about new records of the chains, organisations and saved searches they follow, "
        "and owners about new strong matches of their published demands and achievements (run daily, "
        "before send_notification_digests)."
    )

    def handle(self, *args, **options):
        records = collect_new_records()
        self.stdout.write(
            f"订阅 / subscriptions checked: {records['subscriptions']}, new records told: {records['records']}"
        )
        matches = collect_new_matches()
        self.stdout.write(f"匹配 / records matched: {matches['sources']}, strong matches told: {matches['matches']}")
