"""Rebuild the search index (and vectors) of one or every kind from its source."""

import time
from contextlib import nullcontext

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from matching import embedding
from matching.indexing import rebuild
from matching.progress import ProgressBar
from matching.sources import matchable_count, sources


def _native_threads(threads: int):
    """The embedding engine's native thread pool (OpenMP) sized for this batch job: the platform
    starts every process with one native thread (techmarket/__init__.py), right for web workers;
    a rebuild that owns the machine may use every core."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: without it the job keeps the process's setting
        return nullcontext()
    return threadpool_limits(limits=threads)


class Command(BaseCommand):
    help = "从数据库重建搜索索引：python manage.py rebuild_index [--library 名称]"

    def add_arguments(self, parser):
        parser.add_argument("--library", help="只重建这一类（achievements、demands、patents ……）")
        parser.add_argument("--no-vectors", action="store_true", help="不计算语义向量")
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.MATCHING_INDEX_WORKERS,
            help="分词进程数（默认：设置 MATCHING_INDEX_WORKERS，即 CPU 核数；计算语义向量时分词在本进程内）",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.MATCHING_EMBED_THREADS,
            help="语义模型的计算线程数（默认：设置 MATCHING_EMBED_THREADS，即 CPU 核数）",
        )

    def handle(self, *args, library=None, no_vectors=False, workers=1, threads=1, **options):
        known = sources()
        kinds = [library] if library else list(known)
        for kind in kinds:
            if kind not in known:
                raise CommandError(f"未知的类型：{kind}（可选：{'、'.join(known)}）")
        if workers < 1 or threads < 1:
            raise CommandError("--workers 与 --threads 须为正整数")
        self.stdout.write(embedding.status() if not no_vectors else "不计算语义向量")
        if not no_vectors:
            embedding.get_embedder()  # load the engine first: thread limits apply to loaded libraries
        with _native_threads(threads):
            for kind in kinds:
                start = time.monotonic()
                bar = ProgressBar(self.stdout, f"{known[kind].label:<6}")
                stats: dict = {}
                count = rebuild(
                    kind=kind,
                    total=matchable_count(kind),
                    progress=bar,
                    with_vectors=not no_vectors,
                    workers=workers,
                    stats=stats,
                )
                bar.finish()
                seconds = time.monotonic() - start
                line = f"{known[kind].label}：{count} 条，用时 {seconds:.1f} 秒（{count / max(seconds, 1e-9):.0f} 条/秒"
                if stats.get("embedded"):
                    rate = stats["embedded"] / max(stats["embed_s"], 1e-9)
                    lexical = count / max(seconds - stats["embed_s"], 1e-9)
                    line += f"；其中分词与索引 {lexical:.0f} 条/秒，语义向量 {rate:.1f} 条/秒，{threads} 线程"
                self.stdout.write(line + "）")
