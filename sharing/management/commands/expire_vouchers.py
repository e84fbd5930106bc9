"""Daily job: expire innovation vouchers past their batch's validity; the unspent balance returns."""

from django.core.management.base import BaseCommand

from sharing.services.vouchers import vouchers_expire


class Command(BaseCommand):
    help = "Expire innovation vouchers past their validity (run daily)."

    def handle(self, *args, **options):
        count = vouchers_expire()
        self.stdout.write(f"expired {count} vouchers")
