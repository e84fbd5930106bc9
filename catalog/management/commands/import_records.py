"""manage.py import_records LIBRARY FILE [--publish] [--owner ORG_ID] [--dry-run]

The operators' import for big files, through the same pipeline as the web page
(catalog.importing.import_records; ``patents`` goes to patents' import). Prints every bad row and
exits non-zero when the file is refused; nothing is written then.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from accounts.models import Organisation, User
from catalog import importing
from catalog.libraries import LIBRARIES


class Command(BaseCommand):
    help = "从 CSV/XLSX 批量导入资源库记录（全部成功或全部不写入）。LIBRARY: " + "、".join(LIBRARIES)

    def add_arguments(self, parser):
        parser.add_argument("library", choices=sorted(LIBRARIES))
        parser.add_argument("file")
        parser.add_argument("--publish", action="store_true", help="导入后直接发布（默认为草稿）")
        parser.add_argument("--owner", type=int, help="所属机构 ID（默认不属于任何机构）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--by", help="执行导入的运营人员邮箱（默认：第一位运营人员）")

    def handle(self, *args, library, file, publish, owner, dry_run, by=None, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc}") from None
        owner_org = None
        if owner is not None:
            owner_org = Organisation.objects.filter(pk=owner).first()
            if owner_org is None:
                raise CommandError(f"找不到机构 ID {owner}")
        operators = (
            User.objects.filter(is_active=True)
            .filter(Q(roles__contains=",operator,") | Q(is_superuser=True))
            .order_by("id")
        )
        if by:
            operators = operators.filter(email=by)
        actor = next((u for u in operators.iterator() if u.has_role("operator")), None)
        if actor is None:
            raise CommandError("需要一位平台运营人员账号（--by 邮箱）来记录导入人。")
        report = importing.import_records(
            model=LIBRARIES[library].model,
            filename=path.name,
            content=content,
            by=actor,
            owner_org=owner_org,
            publish=publish,
            dry_run=dry_run,
        )
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"文件被拒绝：{len(report.errors)} 处错误，未写入任何数据。")
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"检查通过：{report.checked} 行可以导入（未写入）。"))
        else:
            self.stdout.write(self.style.SUCCESS(f"导入成功：{report.created} 条。"))
