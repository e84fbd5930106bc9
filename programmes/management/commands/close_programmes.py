from django.core.management.base import BaseCommand

from programmes.services.calls import close_due


class Command(BaseCommand):
    help = "Close open reviewed calls whose deadline has passed (run every few minutes or hourly)."

    def handle(self, *args, **options):
        self.stdout.write(f"closed {close_due()} call(s)")
