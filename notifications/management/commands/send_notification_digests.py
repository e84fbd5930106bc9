from django.core.management.base import BaseCommand

from notifications.services import resend_pending, send_digests


class Command(BaseCommand):
    help = "E-mail each user one digest of the notices they chose to receive daily, and send immediate e-mails that failed (run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"通知摘要 / digests sent: {send_digests()}")
        # E-mails whose retries all failed go out now (each is marked once sent, never twice).
        self.stdout.write(f"补发 / unsent e-mails sent: {resend_pending()}")
