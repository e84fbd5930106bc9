"""Daily: re-check the financing white list's criteria for listed firms due for review
(finance.whitelist.periodic_review); failures are written down for the operators, never removed."""

from django.core.management.base import BaseCommand

from finance import whitelist


class Command(BaseCommand):
    help = "融资白名单定期复核：到期企业重新核对条件，未通过的留待运营决定"

    def handle(self, *args, **options):
        result = whitelist.periodic_review()
        self.stdout.write(f"kept {result['kept']}, flagged {result['flagged']}")
