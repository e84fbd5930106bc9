"""周监测 (seed 001 四（三）): refresh indicators, measure countable tasks, send reminders, keep the week's flags."""

from django.core.management.base import BaseCommand

from monitoring.services.rhythm import weekly_monitor


class Command(BaseCommand):
    help = "Weekly monitoring: refresh, measurable tasks, reminders, flags (scheduled Mondays)."

    def add_arguments(self, parser):
        parser.add_argument("--no-refresh", action="store_true", help="skip the indicator refresh")

    def handle(self, *args, **options):
        meeting = weekly_monitor(refresh=not options["no_refresh"])
        agenda = meeting.agenda
        self.stdout.write(
            f"{meeting}: overdue {len(agenda['overdue'])}, at risk {len(agenda['at_risk'])}, "
            f"auto-proposed {agenda['auto_proposed']}, reminded {agenda['reminded']}"
        )
