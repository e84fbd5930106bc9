"""Restore a backup made by ``manage.py backup`` into the configured database, then rebuild the index."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "从备份恢复数据库与上传文件（先核对清单，不符则拒绝），再重建检索索引："
        "manage.py restore SRC。目标数据库应为新建的空库或可被覆盖的库；恢复前请停止 web 与 worker。"
    )

    def add_arguments(self, parser):
        parser.add_argument("src", help="backup-时间戳 目录")
        parser.add_argument("--no-index", action="store_true", help="不重建检索索引")

    def handle(self, *args, src, no_index=False, **options):
        try:
            manifest = restore(Path(src))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(f"恢复完成 / restored: {len(manifest['tables'])} 张表 {rows} 行，与清单一致")
        )
        if no_index:
            return
        # The lexical index now; vectors by the background backfill (a worker with Redis).
        call_command("rebuild_index", "--no-vectors", stdout=self.stdout)
        if settings.REDIS_URL:
            from jobs.services import job_start

            job_start(name="matching.embed_backfill")
            self.stdout.write("语义向量补算已交给 Celery worker（进度见 /matching/status/）")
        else:
            self.stdout.write("语义向量：请运行 manage.py embed_backfill")
