"""Pool the results of every mode for blind judging (issue 20 dev set).

    python matching/eval/pool.py var/pool_achievements.json var/beir/dev_achievements > var/pool_achievements.txt

Reads the runs written by ``evaluate_matching --runs`` (top 20 per mode and query), keeps the
first DEPTH of each mode, merges them into one pool per query, and prints the pool in an order
that does not depend on the modes (sorted by a hash of the document id), with no mode names:
the judge sees the demand and the candidates only.
"""

import hashlib
import json
import sys
from pathlib import Path

DEPTH = 10


def pools(runs: dict, depth: int = DEPTH) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for ranking in runs.values():
        for qid, ids in ranking.items():
            out.setdefault(qid, set()).update(ids[:depth])
    return {qid: sorted(ids, key=lambda d: hashlib.sha1(f"{qid}:{d}".encode()).hexdigest()) for qid, ids in out.items()}


def main(runs_path: str, beir_dir: str) -> None:
    runs = json.loads(Path(runs_path).read_text(encoding="utf-8"))
    beir = Path(beir_dir)
    corpus = {}
    for line in (beir / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        corpus[row["_id"]] = row
    queries = [json.loads(line) for line in (beir / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    pooled = pools(runs)
    for q in queries:
        print(f"## {q['_id']} {q['title']}：{q['text'][-160:]}")
        for doc_id in pooled.get(q["_id"], []):
            doc = corpus[doc_id]
            print(f"{doc_id}\t{doc['title'][:60]}\t{doc['text'][:70]}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
