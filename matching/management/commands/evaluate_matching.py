"""Evaluate search on a BEIR-layout set with a throwaway index.

manage.py evaluate_matching --corpus C.jsonl --queries Q.jsonl --qrels R.tsv
    [--mode bm25|lexical|semantic|hybrid|final|all] [--useful 2] [--runs RUNS.json] [--json]
    [--source-vector query|passage]
    [--reasons]

--source-vector: query (default) embeds each query as a query, which is what a published record
of a source kind is matched with (its stored query-side vector, ``indexing.query_vector_store``)
and what a draft gets; passage embeds it as a document, which is what a published record gets
while it has only its passage vector (stored before query vectors existed; ``embed_backfill``
adds the query vectors).

--reasons (with the final mode): what the first 10 matches of each query rest on (share of each
reason kind, the most frequent reason per query) and precision / recall of the strong-match rule
at several score thresholds (``matching.reason_report``; matching/README.md "Strong matches").
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from matching import reason_report
from matching.evaluation import KIND, MODES, evaluate, read_qrels
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
            help=(
                "查询一侧的向量：query（默认，按查询编码：已发布记录存储的查询向量，草稿在请求时编码）"
                "或 passage（按文档编码：尚无查询向量、只有文档向量的已发布记录所用的后备向量）"
            ),
        )
        parser.add_argument(
            "--reasons",
            action="store_true",
            help="统计前 10 条结果的推荐理由种类及强匹配阈值的准确率/召回率（需 final 模式）",
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
        reasons=False,
        **options,
    ):
        for path in (corpus, queries, qrels):
            if not path.exists():
                raise CommandError(f"文件不存在：{path}")
        modes = MODES if mode == "all" else (mode,)
        if reasons and "final" not in modes:
            raise CommandError("--reasons 需要 final 模式（--mode final 或 all）")
        report = reason_report.ReasonReport(useful=useful) if reasons else None
        hook = reason_report.collector(report, KIND, read_qrels(qrels, judged_zero=True)) if reasons else None
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
                on_final=hook,
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        if bar:
            bar.finish()
        if runs:
            runs.write_text(_json_dumps(collected), encoding="utf-8")
        if report is not None:
            result["reasons"] = report.result()
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

        if report is not None:
            self._write_reasons(result["reasons"], useful)

    def _write_reasons(self, r: dict, useful: int) -> None:
        self.stdout.write(
            f"\n推荐理由（每条查询前 {reason_report.SHOWN} 条，共 {r['shown']} 条，已评 {r['judged']}，"
            f"有用（≥{useful}）{r['useful']}）"
        )
        self.stdout.write(f"{'kind':<11}{'shown':>7}{'share':>8}{'useful%':>9}{'without%':>10}")
        for kind, k in r["kinds"].items():
            with_ = "-" if k["useful_share"] is None else f"{100 * k['useful_share']:.1f}"
            without = "-" if k["useful_share_without"] is None else f"{100 * k['useful_share_without']:.1f}"
            self.stdout.write(f"{kind:<11}{k['shown']:>7}{100 * k['share']:>7.1f}%{with_:>9}{without:>10}")
        self.stdout.write(
            f"每条查询最常见理由所占比例：中位数 {r['top_reason_share_median']}，最大 {r['top_reason_share_max']}；"
            f"超过一半的查询 {r['demands_over_half']} 条"
        )
        for demand, reason, n, shown in r["over_half"]:
            self.stdout.write(f"  {demand}: {reason}（{n}/{shown}）")
        self.stdout.write(f"\n强匹配规则（前 {reason_report.SHOWN} 条；未评的计为无用）")
        self.stdout.write(f"{'rule':<10}{'score≥':>7}{'flagged':>9}{'useful':>8}{'P':>8}{'P(judged)':>11}{'R':>8}")
        for row in r["strong"]:
            p = "-" if row["precision"] is None else f"{row['precision']:.3f}"
            pj = "-" if row["precision_judged"] is None else f"{row['precision_judged']:.3f}"
            rc = "-" if row["recall"] is None else f"{row['recall']:.3f}"
            self.stdout.write(
                f"{row['rule']:<10}{row['threshold']:>7.2f}{row['flagged']:>9}{row['useful']:>8}{p:>8}{pj:>11}{rc:>8}"
            )


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
