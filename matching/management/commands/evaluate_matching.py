"""Evaluate search on a BEIR-layout set with a throwaway index.

manage.py evaluate_matching --corpus C.jsonl --queries Q.jsonl --qrels R.tsv
    [--mode bm25|lexical|semantic|hybrid|final|all] [--useful 2] [--runs RUNS.json] [--json]
    [--source-vector query|passage]
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from matching.evaluation import MODES, evaluate
from matching.progress import ProgressBar


class Command(BaseCommand):
    help = "在 BEIR 格式的数据集上评估检索效果（nDCG@10、MRR@10、Recall@100、平均延迟）"

    def add_arguments(self, parser):
        parser.add_argument("--corpus", type=Path, required=True)
        parser.add_argument("--queries", type=Path, required=True)
        parser.add_argument("--qrels", type=Path, required=True)
        parser.add_argument("--mode", choices=[*MODES, "all"], default="lexical")
        parser.add_argument("--useful", type=int, default=1, help="P@5 计入的最低相关等级（开发集用 2）")
        parser.add_argument("--runs", type=Path, help="把各模式每条查询的前 20 条结果写入此 JSON（用于构建评审池）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")
        parser.add_argument("--no-cache", action="store_true", help="不缓存向量（默认缓存在 var/eval_cache）")
        parser.add_argument(
            "--source-vector",
            choices=["query", "passage"],
            default="query",
            help="查询一侧的向量：query（按查询编码，如草稿）或 passage（按文档编码，即已发布记录存储的向量）",
        )

    def handle(
        self,
        *args,
        corpus,
        queries,
        qrels,
        mode,
        json: bool = False,
        no_cache=False,
        useful=1,
        runs=None,
        source_vector="query",
        **options,
    ):
        for path in (corpus, queries, qrels):
            if not path.exists():
                raise CommandError(f"文件不存在：{path}")
        modes = MODES if mode == "all" else (mode,)
        collected: dict | None = {} if runs else None
        cache = None if no_cache else Path(settings.VAR_DIR) / "eval_cache"
        bar = None if json else ProgressBar(self.stderr, "评估")
        try:
            result = evaluate(
                corpus=corpus,
                queries=queries,
                qrels=qrels,
                modes=modes,
                cache_dir=cache,
                progress=bar,
                useful=useful,
                runs=collected,
                source_vector=source_vector,
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        if bar:
            bar.finish()
        if runs:
            runs.write_text(_json_dumps(collected), encoding="utf-8")
        if json:
            self.stdout.write(_json_dumps(result))
            return
        self.stdout.write(f"文档 {result['corpus']}，查询 {result['queries']}，语义模型 {result['embedder'] or '无'}")
        self.stdout.write(f"{'mode':<10}{'nDCG@10':>9}{'P@5':>9}{'MRR@10':>9}{'R@100':>9}{'ms/query':>10}")
        for name, m in result["modes"].items():
            self.stdout.write(
                f"{name:<10}{m['ndcg@10']:>9.4f}{m['p@5']:>9.4f}{m['mrr@10']:>9.4f}{m['recall@100']:>9.4f}"
                f"{m['latency_ms']:>10.2f}"
            )
            if "alone_top5" in m:
                a = m["alone_top5"]
                self.stdout.write(
                    f"{'':<10}前 5 条中仅来自关键词 {a['lexical']['shown']} 条（有用 {a['lexical']['useful']}），"
                    f"仅来自语义 {a['semantic']['shown']} 条（有用 {a['semantic']['useful']}）"
                )


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
