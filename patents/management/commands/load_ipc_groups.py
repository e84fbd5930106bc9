from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from patents import ipc
from patents.models import IpcEntry


class Command(BaseCommand):
    help = "Load the IPC main groups (Chinese titles, print marks removed) from the reference CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="ipc_zh_2026.01_maingroups.csv[.gz] (default: the copy shipped in patents/data)"
        )

    def handle(self, *args, path=None, **options):
        path = Path(path) if path else ipc.default_main_groups_path()
        if not path.exists():
            raise CommandError(f"找不到文件：{path}")
        created, updated = ipc.load_entries(ipc.main_groups(path), model=IpcEntry)
        self.stdout.write(self.style.SUCCESS(f"IPC 大组：新增 {created}，更新 {updated}"))
