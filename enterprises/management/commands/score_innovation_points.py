"""Yearly innovation-points job: ``manage.py score_innovation_points --year 2025 [--model CODE] [--publish]``."""

from django.core.management.base import BaseCommand, CommandError

from enterprises import points
from enterprises.models import PointsModel


class Command(BaseCommand):
    help = "为指定年度计算全部企业的创新积分（生成待发布批次，可选直接发布）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--model", default="", help="积分模型版本代码；缺省为平台内置版本")
        parser.add_argument("--publish", action="store_true")

    def handle(self, *args, year, model, publish, **options):
        chosen = None
        if model:
            chosen = PointsModel.objects.filter(code=model).first()
            if chosen is None:
                raise CommandError(f"no points model {model!r}")
        run = points.score_year(year=year, model=chosen)
        if publish:
            from accounts.models import User

            by = User.objects.filter(roles__contains="operator").order_by("pk").first()
            if by is None:
                raise CommandError("publishing needs an operator account")
            points.publish_run(run=run, by=by)
        self.stdout.write(f"{run.year}: {run.scored} enterprises scored ({run.get_status_display()})")
