"""Recompute the platform's computed indicators (run from cron or a scheduler, e.g. nightly)."""

from django.core.management.base import BaseCommand

from monitoring.services import indicators_refresh


class Command(BaseCommand):
    help = "刷新平台计算指标（按周、月、季度、年度存储观测值）"

    def handle(self, *args, **options):
        run = indicators_refresh(trigger="schedule")
        self.stdout.write(
            f"created={run.created} changed={run.changed} unchanged={run.unchanged} problems={len(run.problems)}"
        )
        for problem in run.problems:
            self.stdout.write(f"  {problem['indicator']}: {problem['problem']}")
