"""Compute the semantic vectors of every indexed record that has none (a job with a status page)."""

from django.core.management.base import BaseCommand

from jobs.services import job_start


class Command(BaseCommand):
    help = "补算语义向量：为已入索引但没有向量的记录计算向量（后台任务，可在 /matching/status/ 查看覆盖率）"

    def add_arguments(self, parser):
        parser.add_argument("--library", action="append", help="只补算这一类（可重复）")
        parser.add_argument(
            "--enqueue", action="store_true", help="交给 Celery worker（需要 REDIS_URL）；默认在本进程运行"
        )

    def handle(self, *args, library=None, enqueue=False, **options):
        from django.test.utils import override_settings

        params = {"kinds": library} if library else {}
        # Default: run here, in this process (make run starts it beside the web server).
        with override_settings(CELERY_TASK_ALWAYS_EAGER=not enqueue or settings_eager()):
            job = job_start(name="matching.embed_backfill", params=params)
        self.stdout.write(f"job {job.pk}: {job.get_status_display()} {job.message or job.error}")


def settings_eager() -> bool:
    from django.conf import settings

    return settings.CELERY_TASK_ALWAYS_EAGER
