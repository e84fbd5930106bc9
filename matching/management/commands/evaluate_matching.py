"""Evaluate search on a BEIR-layout set with a throwaway index.

manage.py evaluate_matching --corpus C.jsonl --queries Q.jsonl --qrels R.tsv [--mode lexical|semantic|hybrid|all] [--json]
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from matching.evaluation import evaluate
from matching.progress import ProgressBar


class Command(BaseCommand):
    help = "在 BEIR 格式的数据集上评估检索效果（nDCG@10、MRR@10、Recall@100、平均延迟）"

    def add_arguments(self, parser):
        parser.add_argument("--corpus", type=Path, required=True)
        parser.add_argument("--queries", type=Path, required=True)
        parser.add_argument("--qrels", type=Path, required=True)
        parser.add_argument("--mode", choices=["lexical", "semantic", "hybrid", "all"], default="lexical")
        parser.add_argument("--json", action="store_true", help="输出 JSON")
        parser.add_argument("--no-cache", action="store_true", help="不缓存向量（默认缓存在 var/eval_cache）")

    def handle(self, *args, corpus, queries, qrels, mode, json: bool = False, no_cache=False, **options):
        for path in (corpus, queries, qrels):
            if not path.exists():
                raise CommandError(f"文件不存在：{path}")
        modes = ("lexical", "semantic", "hybrid") if mode == "all" else (mode,)
        cache = None if no_cache else Path(settings.VAR_DIR) / "eval_cache"
        bar = None if json else ProgressBar(self.stderr, "评估")
        try:
            result = evaluate(corpus=corpus, queries=queries, qrels=qrels, modes=modes, cache_dir=cache, progress=bar)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        if bar:
            bar.finish()
        if json:
            self.stdout.write(_json_dumps(result))
            return
        self.stdout.write(f"文档 {result['corpus']}，查询 {result['queries']}，语义模型 {result['embedder'] or '无'}")
        self.stdout.write(f"{'mode':<10}{'nDCG@10':>9}{'MRR@10':>9}{'R@100':>9}{'ms/query':>10}")
        for name, m in result["modes"].items():
            self.stdout.write(
                f"{name:<10}{m['ndcg@10']:>9.4f}{m['mrr@10']:>9.4f}{m['recall@100']:>9.4f}{m['latency_ms']:>10.2f}"
            )


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
