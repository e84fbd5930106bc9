from django.core.management.base import BaseCommand

from patents.services import linking, pools


class Command(BaseCommand):
    help = "Re-run pool assignment and value scoring for every patent; --relink also re-links applicants and inventors."

    def add_arguments(self, parser):
        parser.add_argument(
            "--relink", action="store_true", help="re-link applicants to organisations and inventors to experts"
        )

    def handle(self, *args, relink=False, **options):
        if relink:
            self.stdout.write(f"重新关联：{linking.relink_all()} 件专利有变化")
        changed = pools.reassign()
        self.stdout.write(self.style.SUCCESS(f"重新分配与评分完成：{len(changed)} 件专利有变化"))
