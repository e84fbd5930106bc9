"""Index every record that waits for the index (failed or interrupted indexing), until none waits."""

from django.core.management.base import BaseCommand

from matching.jobs import retry_debt


class Command(BaseCommand):
    help = "重新索引等待索引的记录（索引失败或中断的记录；也补上数据库中有而索引中没有的记录）"

    def handle(self, *args, **options):
        result = retry_debt()
        for kind, n in result["noted"].items():
            self.stdout.write(f"{kind}: 发现 {n} 条记录不在索引中")
        for kind, n in result["retried"].items():
            self.stdout.write(f"{kind}: 已重新排队 {n} 条")
        if not result["retried"]:
            self.stdout.write("没有等待索引的记录")
