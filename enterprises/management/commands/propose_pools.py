"""Yearly cultivation-pool selection job: ``manage.py propose_pools --year 2025``."""

from django.core.management.base import BaseCommand

from enterprises import pools


class Command(BaseCommand):
    help = "按各层级入库/保留条件生成年度培育库遴选建议（待运营确认）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, year, **options):
        for code, counts in pools.propose_year(year=year).items():
            self.stdout.write(f"{code}: +{counts['enter']} / -{counts['exit']}")
