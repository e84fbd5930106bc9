"""Delete audit rows and field history older than a number of days (at least 180: 等保 2.0 asks
that security audit records be kept at least six months)."""

from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.audit import AuditEntry, audit

MIN_DAYS = 180


class Command(BaseCommand):
    help = "Delete audit entries and field history older than --older-than DAYS (refuses fewer than 180)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, dest="days", help="days to keep (>= 180)")

    def handle(self, *args, days: int, **options):
        if days < MIN_DAYS:
            raise CommandError(
                f"--older-than must be at least {MIN_DAYS} days (等保 2.0: keep audit records 6 months)."
            )
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _rows = AuditEntry.objects.filter(created_at__lt=cutoff).delete()
        history = 0
        for model in apps.get_models():
            if model.__name__.startswith("Historical") and hasattr(model, "history_date"):
                history += model.objects.filter(history_date__lt=cutoff).delete()[0]
        audit(
            actor=None,
            action="audit.purge",
            outcome="success",
            data={"days": days, "audit": deleted, "history": history},
        )
        self.stdout.write(f"deleted {deleted} audit entries and {history} history rows older than {days} days")
