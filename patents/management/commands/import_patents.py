import time

from django.core.management.base import BaseCommand, CommandError

from patents.services.importing import ImportFileError, ImportRejected, import_file


class Command(BaseCommand):
    help = "Import patents from CSV or JSONL (layouts in patents/README.md); upserts by publication number, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        started = time.perf_counter()
        try:
            report = import_file(file)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        except ImportRejected as exc:
            for error in exc.report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"文件被拒绝：{len(exc.report.errors)} 处错误，未写入任何数据。") from None
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.rows} 行：新增 {report.created}，更新 {report.updated}，未变 {report.unchanged}"
                f"（{seconds:.2f} 秒，{report.rows / seconds if seconds else 0:,.0f} 件/秒）"
            )
        )
