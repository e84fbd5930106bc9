"""Build the demand → achievement / patent dev set (BEIR layout) under var/beir/ from what the
repository ships (issue 20; how it was made: matching/eval/README.md).

Queries: matching/eval/demands.tsv (53 enterprise technical demands written for this set).
Corpora: the demo achievements (CSL papers of fitting disciplines and the ChinaXiv preprints,
catalog/demo/data) and the patent titles of folds 1-4 (patents/data, as in build_patent_beir).
Judgements: matching/eval/qrels_achievements.tsv and qrels_patents.tsv (graded 0-3, pooled).
"""

import csv
import gzip
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from .build_patent_beir import corpus_row

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"


def read_demands(path: Path | None = None) -> list[dict]:
    rows = []
    for line in (path or EVAL_DIR / "demands.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            qid, chain, title, text = line.split("\t")
            rows.append({"_id": qid, "chain": chain, "title": title, "text": text})
    return rows


def achievements_corpus() -> list[dict]:
    from catalog.demo import papers

    rows = [p for p in papers.read_papers() if papers.fits(p)] + papers.read_preprints()
    return [{"_id": p["id"], "title": p["title"].strip(), "text": p["abstract"].strip()} for p in rows]


def patents_corpus() -> list[dict]:
    source = Path(settings.BASE_DIR) / "patents" / "data" / "cn_patents_titles_ipc_9740.csv.gz"
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["cv_fold"] in ("1", "2", "3", "4")]
    return [corpus_row(r) for r in rows]


def write(out: Path, corpus: list[dict], queries: list[dict], qrels: Path | None) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "corpus.jsonl", "w", encoding="utf-8") as handle:
        for row in corpus:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(out / "queries.jsonl", "w", encoding="utf-8") as handle:
        for q in queries:
            handle.write(json.dumps({k: q[k] for k in ("_id", "title", "text")}, ensure_ascii=False) + "\n")
    with open(out / "qrels.tsv", "w", encoding="utf-8") as handle:
        handle.write("query-id\tcorpus-id\tscore\n")
        if qrels is not None and qrels.exists():
            lines = qrels.read_text(encoding="utf-8").splitlines()[1:]
            handle.write("\n".join(line for line in lines if line.strip()) + "\n")
        else:  # before judging: every query kept, nothing relevant (for pooling runs)
            for q in queries:
                handle.write(f"{q['_id']}\t-\t1\n")
    return {"corpus": len(corpus), "queries": len(queries)}


class Command(BaseCommand):
    help = "构建需求→成果/专利开发评测集（BEIR 格式，写入 var/beir/dev_achievements 与 var/beir/dev_patents）"

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=Path(settings.VAR_DIR) / "beir")
        parser.add_argument("--unjudged", action="store_true", help="不带评审结果（构建评审池时用）")

    def handle(self, *args, out, unjudged=False, **options):
        queries = read_demands()
        for name, corpus in (("achievements", achievements_corpus()), ("patents", patents_corpus())):
            qrels = None if unjudged else EVAL_DIR / f"qrels_{name}.tsv"
            result = write(out / f"dev_{name}", corpus, queries, qrels)
            self.stdout.write(
                f"dev_{name}: 语料 {result['corpus']} 条，需求 {result['queries']} 条 → {out / f'dev_{name}'}"
            )
