"""Blind judging of what the pools still lack (issue 20 dev set, second round).

    python matching/eval/blind.py pool RUNS.json var/beir/dev_achievements QRELS.tsv OUT_PREFIX [--seed N]
    python matching/eval/blind.py merge QRELS.tsv OUT_PREFIX.map.tsv GRADES.txt > NEW_QRELS.tsv

``pool``: the top DEPTH of every mode in RUNS.json (written by ``evaluate_matching --runs``) that
QRELS.tsv does not grade yet, per demand, in a random order (seeded, so the sheet can be made
again), numbered 1..n, without mode names, ranks or scores: OUT_PREFIX.txt is what the judge
reads (the demand, then "number<TAB>title<TAB>start of the text"), OUT_PREFIX.map.tsv maps
(demand, number) to the document id and is not read while judging.

``merge``: GRADES.txt has one line per demand, "D07 3=10 2=4,9 1=2" (unlisted numbers are 0);
prints QRELS.tsv with the new grades added (every pooled document gets a row, 0 included).
"""

import json
import random
import sys
from pathlib import Path

DEPTH = 10
SHOWN_TEXT = 110  # characters of an abstract shown after the title


def read_qrels(path: Path) -> dict[tuple[str, str], int]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            qid, doc, grade = line.split("\t")
            out[(qid, doc)] = int(grade)
    return out


def unjudged(runs: dict, judged: dict, depth: int = DEPTH) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for ranking in runs.values():
        for qid, ids in ranking.items():
            out.setdefault(qid, set()).update(d for d in ids[:depth] if (qid, d) not in judged)
    return {qid: sorted(ids) for qid, ids in out.items() if ids}


def pool(runs_path: str, beir_dir: str, qrels_path: str, prefix: str, seed: int = 20) -> None:
    runs = json.loads(Path(runs_path).read_text(encoding="utf-8"))
    beir = Path(beir_dir)
    corpus = {}
    for line in (beir / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        corpus[row["_id"]] = row
    queries = [json.loads(line) for line in (beir / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    todo = unjudged(runs, read_qrels(Path(qrels_path)))
    rng = random.Random(seed)
    sheet, mapping = [], []
    for q in queries:
        ids = todo.get(q["_id"], [])
        if not ids:
            continue
        rng.shuffle(ids)
        sheet.append(f"## {q['_id']} {q['title']}：{q['text']}")
        for number, doc_id in enumerate(ids, start=1):
            doc = corpus[doc_id]
            text = doc["text"][:SHOWN_TEXT].replace("\n", " ").replace("\t", " ")
            sheet.append(f"{number}\t{doc['title'][:70]}\t{text}".rstrip())
            mapping.append(f"{q['_id']}\t{number}\t{doc_id}")
    Path(prefix + ".txt").write_text("\n".join(sheet) + "\n", encoding="utf-8")
    Path(prefix + ".map.tsv").write_text("\n".join(mapping) + "\n", encoding="utf-8")
    print(f"{len(mapping)} unjudged documents for {len(todo)} demands → {prefix}.txt", file=sys.stderr)


def merge(qrels_path: str, map_path: str, grades_path: str) -> None:
    grades = read_qrels(Path(qrels_path))
    shown = {}
    for line in Path(map_path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, number, doc = line.split("\t")
            shown[(qid, number)] = doc
            grades.setdefault((qid, doc), 0)
    for line in Path(grades_path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        qid = parts[0]
        for part in parts[1:]:
            grade, numbers = part.split("=")
            for number in numbers.split(","):
                doc = shown[(qid, number)]
                grades[(qid, doc)] = int(grade)
    print("query-id\tcorpus-id\tscore")
    for (qid, doc), grade in sorted(grades.items()):
        print(f"{qid}\t{doc}\t{grade}")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "pool":
        seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 20
        args = [a for i, a in enumerate(args) if a != "--seed" and (i == 0 or args[i - 1] != "--seed")]
        pool(*args[:4], seed=seed)
    elif command == "merge":
        merge(*args[:3])
    else:
        raise SystemExit(__doc__)
