"""Back up the database and the media files into DEST/backup-YYYYmmdd-HHMMSS (see core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup, prune


class Command(BaseCommand):
    help = "备份数据库与上传文件（含清单：时间、各表行数、校验和）：manage.py backup DEST [--keep-days 30]"

    def add_arguments(self, parser):
        parser.add_argument("dest", help="备份目录（在其下新建 backup-时间戳）")
        parser.add_argument("--keep-days", type=int, default=None, help="删除 DEST 下早于此天数的备份")

    def handle(self, *args, dest, keep_days=None, **options):
        try:
            target = backup(Path(dest))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"备份完成 / backup written: {target}"))
        if keep_days is not None:
            for path in prune(Path(dest), keep_days=keep_days):
                self.stdout.write(f"已删除过期备份 / pruned: {path}")
