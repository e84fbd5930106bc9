"""Monthly job (scheduled on the 1st at 06:00): the technology-contract monthly statistics report of
the month just ended, as PDF and XLSX files, and a notice to operators and leaders with the link to
download it (each report is announced once). The same files can be downloaded at any time from the
statistics page; the files written here are the report as it stood on the day it was made."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.urls import reverse

from deals import monthly_report


def report_readers():
    """Active operators and leaders (who may read the report: deals.access.may_see_monthly_report)."""
    from accounts.models import User

    return User.objects.filter(Q(roles__contains=",operator,") | Q(roles__contains=",leader,"), is_active=True)


class Command(BaseCommand):
    help = "技术合同月度统计报告（PDF、XLSX）：默认上月；通知运营人员和领导（建议每月 1 日运行）"

    def add_arguments(self, parser):
        parser.add_argument("--month", default="", help="YYYY-MM (default: the previous month)")
        parser.add_argument(
            "--out", default="", help="folder for the files (default: VAR_DIR/reports/deals, not web-served)"
        )
        parser.add_argument("--no-notify", action="store_true", help="write the files only")

    def handle(self, *args, month, out, no_notify, **options):
        from django.utils.translation import gettext_noop

        from notifications.messages import Message
        from notifications.models import Notification
        from notifications.services import notify

        try:
            first = monthly_report.parse_month(month or None)
        except ValueError as err:
            raise CommandError(str(err)) from None
        report = monthly_report.build(first)
        folder = Path(out) if out else Path(settings.VAR_DIR) / "reports" / "deals"
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"tech-contracts-monthly-{first:%Y%m}"
        (folder / f"{stem}.pdf").write_bytes(monthly_report.pdf_bytes(report))
        (folder / f"{stem}.xlsx").write_bytes(monthly_report.xlsx_bytes(report))
        sent = 0
        if not no_notify:
            url = f"{reverse('deals:monthly_report')}?month={first:%Y-%m}&format=pdf"
            if not Notification.objects.filter(kind="deals.monthly_report", url=url).exists():
                sent = len(
                    notify(
                        users=report_readers(),
                        kind="deals.monthly_report",
                        title=Message(
                            gettext_noop("技术合同月度统计报告（%(year)d年%(month)d月）"),
                            year=first.year,
                            month=first.month,
                        ),
                        body=Message(
                            gettext_noop(
                                "本月登记合同 %(n)d 项，合同成交额 %(total).2f 万元，技术交易额 %(tech).2f 万元。"
                            ),
                            n=report.total["month"]["count"],
                            # floats for "%.2f" (a Decimal parameter is stored as its text)
                            total=float(report.total["month"]["total_amount"]),
                            tech=float(report.total["month"]["tech_amount"]),
                        ),
                        url=url,
                    )
                )
        self.stdout.write(f"monthly report {first:%Y-%m}: {folder / stem}.pdf/.xlsx, {sent} notified")
