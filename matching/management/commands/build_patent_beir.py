"""Build the visible patent evaluation set (BEIR layout) from the patent titles shipped in
patents/data (cn_patents_titles_ipc_9740.csv.gz; provenance in patents/data/README.md).

Queries: titles of cross-validation fold 5; corpus: titles of folds 1-4. A document is relevant
to a query when they share an IPC subclass, graded by the number shared. A corpus line carries
its patent's IPC subclasses under "metadata" (as the platform's patents carry them; the engine's
IPC consensus reads the candidates' codes), a query line only its title. Written under var/
(generated, not committed).
"""

import csv
import gzip
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def subclasses(row: dict) -> list[str]:
    """The IPC subclasses of a row of the patent CSV ("H01M|C25B" -> ["H01M", "C25B"])."""
    return [code for code in row["ipc_subclasses"].split("|") if code]


def corpus_row(row: dict) -> dict:
    """A corpus line of a patent: its title, no text (the shipped data has titles only), its IPC
    subclasses as metadata."""
    return {"_id": row["publication_number"], "title": row["title"], "text": "", "metadata": {"ipc": subclasses(row)}}


def build(source: Path, out: Path) -> dict:
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    corpus = [r for r in rows if r["cv_fold"] in ("1", "2", "3", "4")]
    queries = [r for r in rows if r["cv_fold"] == "5"]
    out.mkdir(parents=True, exist_ok=True)
    by_subclass: dict[str, list[int]] = {}
    for i, r in enumerate(corpus):
        for code in subclasses(r):
            by_subclass.setdefault(code, []).append(i)
    with open(out / "corpus.jsonl", "w", encoding="utf-8") as handle:
        for r in corpus:
            handle.write(json.dumps(corpus_row(r), ensure_ascii=False) + "\n")
    pairs = 0
    with open(out / "queries.jsonl", "w", encoding="utf-8") as qh, open(out / "qrels.tsv", "w", encoding="utf-8") as rh:
        rh.write("query-id\tcorpus-id\tscore\n")
        for r in queries:
            shared: dict[int, int] = {}
            for code in subclasses(r):
                for i in by_subclass.get(code, []):
                    shared[i] = shared.get(i, 0) + 1
            if not shared:
                continue
            qh.write(json.dumps({"_id": r["publication_number"], "text": r["title"]}, ensure_ascii=False) + "\n")
            for i, grade in shared.items():
                rh.write(f"{r['publication_number']}\t{corpus[i]['publication_number']}\t{grade}\n")
                pairs += 1
    return {"corpus": len(corpus), "queries": len(queries), "qrels": pairs}


class Command(BaseCommand):
    help = "由专利标题数据生成 BEIR 格式的评估集（写入 var/beir/cn_patents）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            default=Path(settings.BASE_DIR) / "patents" / "data" / "cn_patents_titles_ipc_9740.csv.gz",
        )
        parser.add_argument("--out", type=Path, default=Path(settings.VAR_DIR) / "beir" / "cn_patents")

    def handle(self, *args, source, out, **options):
        if not source.exists():
            raise CommandError(f"找不到数据文件：{source}")
        stats = build(source, out)
        self.stdout.write(f"语料 {stats['corpus']} 篇，查询 {stats['queries']} 条，相关对 {stats['qrels']} 个 → {out}")
