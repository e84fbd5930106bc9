"""Rebuild the search index (and vectors) of one or every kind from its source."""

import time

from django.core.management.base import BaseCommand, CommandError

from matching import embedding
from matching.catalog_sources import published_count
from matching.indexing import rebuild
from matching.progress import ProgressBar
from matching.sources import sources


class Command(BaseCommand):
    help = "从数据库重建搜索索引：python manage.py rebuild_index [--library 名称]"

    def add_arguments(self, parser):
        parser.add_argument("--library", help="只重建这一类（achievements、demands、patents ……）")
        parser.add_argument("--no-vectors", action="store_true", help="不计算语义向量")

    def handle(self, *args, library=None, no_vectors=False, **options):
        known = sources()
        kinds = [library] if library else list(known)
        for kind in kinds:
            if kind not in known:
                raise CommandError(f"未知的类型：{kind}（可选：{'、'.join(known)}）")
        self.stdout.write(embedding.status() if not no_vectors else "不计算语义向量")
        for kind in kinds:
            start = time.monotonic()
            bar = ProgressBar(self.stdout, f"{known[kind].label:<6}")
            count = rebuild(kind=kind, total=published_count(kind), progress=bar, with_vectors=not no_vectors)
            bar.finish()
            self.stdout.write(f"{known[kind].label}：{count} 条，用时 {time.monotonic() - start:.1f} 秒")
