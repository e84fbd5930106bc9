"""Offline evaluation on a BEIR-layout set with a throwaway index (never the platform's data).

corpus.jsonl lines {"_id", "title", "text"} and optionally "metadata": {"ipc": [IPC subclasses]} (a
patent's codes, as the platform indexes them); queries.jsonl lines {"_id", "text"}; qrels TSV with a
header and columns query-id, corpus-id, score (graded). Metrics: nDCG@10, P@5, MRR@10, Recall@100
and the mean latency per query, for plain BM25, the platform's lexical query, semantic, hybrid
(``engine.fuse``) and the final list of ``Engine.match``.
"""

import csv
import hashlib
import json
import math
import tempfile
import time
from pathlib import Path

import numpy as np

from . import analysis, embedding, index
from .indexing import rebuild, vector_store
from .sources import Document

KIND = "beir"
DEPTH = 100


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_qrels(path: Path, *, judged_zero: bool = False) -> dict[str, dict[str, int]]:
    """{query id: {corpus id: grade}}; grade-0 rows only with ``judged_zero`` (judged unrelated,
    as against unjudged)."""
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader, None)
        for row in reader:
            if len(row) >= 3 and (int(float(row[2])) > 0 or judged_zero):
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


def payload_of_text(doc: dict) -> str:
    """A corpus document's text as the index stores it in the payload (what
    ``engine.lexical_weight_for`` reads in ``Engine.candidates``)."""
    return (doc.get("text") or "")[: index.SNIPPET_SOURCE_CHARS]


def p_at(ranked: list[str], rels: dict[str, int], k: int = 5, useful: int = 1) -> float:
    """Share of the first ``k`` results graded at least ``useful``."""
    return sum(1 for d in ranked[:k] if rels.get(d, 0) >= useful) / k


MODES = ("bm25", "lexical", "semantic", "hybrid", "final")


def _query_text(q: dict) -> str:
    """What a query embeds: a demand's title and the start of its text, like a record's vector."""
    return embedding.embed_text(q["title"], q["text"]) if q.get("title") else q["text"]


def evaluate(
    *,
    corpus: Path,
    queries: Path,
    qrels: Path,
    modes=("lexical",),
    cache_dir: Path | None = None,
    progress=None,
    useful: int = 1,
    runs: dict | None = None,
    source_vector: str = "query",
    on_final=None,
) -> dict:
    """Metrics per mode. ``bm25``: plain BM25 over the same index, every search-mode token of the
    query unweighted (the baseline); ``lexical``: the platform's query from the record's most
    specific terms (``engine.weighted_query``); ``semantic``; ``hybrid``: ``engine.fuse_with_feedback`` of both;
    ``final``: ``Engine.match`` end to end (query, fusion, structured re-ranking). Queries are
    {"_id", "text"} or, for demands, {"_id", "title", "text"}. ``useful``: the least grade P@5
    counts. ``runs``, when given, receives {mode: {query id: [doc ids]}} (for pooling). For hybrid
    and final, "alone" counts the top-5 results that only one retriever's candidates held, and
    how many of them were useful. ``source_vector``: "query" (default) embeds each query as a
    query: what a published record of a source kind is matched with (its stored query-side
    vector, ``indexing.query_vector_store``) and what a draft gets (embedded at request time);
    "passage" as a document: what a published record gets while it has only its passage vector
    (``Engine.query_vector``'s fallback: vectors stored before query vectors existed, until
    ``embed_backfill`` or ``rebuild_index`` adds them).
    ``on_final(query, engine, source, rels, ids)``, when given, is called for each query after its
    final list, with the engine (``ids[match.id]`` is the corpus id): the reasons report
    (``reason_report``)."""
    from .engine import CANDIDATES, Engine, fuse_with_feedback, lexical_weight_for, weighted_query

    docs = read_jsonl(corpus)
    qs = [q for q in read_jsonl(queries)]
    judgements = read_qrels(qrels)
    qs = [q for q in qs if q["_id"] in judgements]
    ids = [d["_id"] for d in docs]
    semantic_modes = {"semantic", "hybrid", "final"}
    embedder = embedding.get_embedder() if semantic_modes & set(modes) else None
    if semantic_modes & set(modes) and embedder is None:
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
                Document(
                    kind=KIND,
                    id=i,
                    title=d.get("title", ""),
                    text=d.get("text", ""),
                    ipc=list((d.get("metadata") or {}).get("ipc", [])),
                )
                for i, d in enumerate(docs)
            ),
        )
        results["index_seconds"] = round(time.perf_counter() - start, 3)
        kind_index = index.open_index(KIND, root)
        query_vectors = None
        store = None
        if embedder is not None:
            start = time.perf_counter()
            texts = [embedding.embed_text(d.get("title", ""), d.get("text", "")) for d in docs]
            doc_vectors = _cached_vectors(texts, embedder, cache_dir, "corpus", query=False)
            store = vector_store(KIND, root)
            store.reset(model=embedder.name, dim=embedder.dim)
            store.write(list(range(len(docs))), doc_vectors)
            query_vectors = _cached_vectors(
                [_query_text(q) for q in qs], embedder, cache_dir, "queries", query=source_vector != "passage"
            )
            results["embed_seconds"] = round(time.perf_counter() - start, 3)
        for mode in modes:
            totals = {"ndcg@10": 0.0, "p@5": 0.0, "mrr@10": 0.0, "recall@100": 0.0}
            alone = {"lexical": [0, 0], "semantic": [0, 0]}  # [shown in top 5 from it alone, useful]
            elapsed = 0.0
            for n, q in enumerate(qs):
                source = Document(
                    kind="demands",
                    id=-1,
                    title=q.get("title") or q["text"],
                    text=q.get("text", "") if q.get("title") else "",
                )
                start = time.perf_counter()
                lexical, semantic = [], []
                if mode == "bm25":
                    terms = list(dict.fromkeys(analysis.tokens(f"{source.title} {source.text}")))
                    lexical = [(pk, s) for pk, s, _p in kind_index.search(terms, limit=DEPTH, payloads=0)]
                if mode in ("lexical", "hybrid"):
                    terms = weighted_query(source, kind_index)
                    lexical = [(pk, s) for pk, s, _p in kind_index.search(terms, limit=DEPTH, payloads=0)]
                if mode == "semantic":
                    semantic = store.search(query_vectors[n], limit=DEPTH)
                if mode == "final":
                    engine = Engine(root=root, mode="hybrid")
                    vector = query_vectors[n]
                    engine.query_vector = lambda _source, vector=vector: vector
                    ranked_pk = [m.id for m in engine.match(source, targets=[KIND], limit=DEPTH)]
                elif mode == "hybrid":
                    # The engine's depth: CANDIDATES per retriever, then fusion (with feedback).
                    fused, _z, _best, _semantic, _unconfirmed = fuse_with_feedback(
                        lexical[:CANDIDATES],
                        query_vectors[n],
                        store,
                        limit=CANDIDATES,
                        lexical_weight=lexical_weight_for(payload_of_text(docs[pk]) for pk, _s in lexical),
                    )
                    ranked_pk = [pk for pk, _s in sorted(fused.items(), key=lambda item: -item[1])]
                else:
                    ranked_pk = [pk for pk, _s in (lexical or semantic)]
                elapsed += time.perf_counter() - start
                ranked = [ids[pk] for pk in ranked_pk][:DEPTH]
                rels = judgements[q["_id"]]
                if mode == "final" and on_final is not None:
                    on_final(q, engine, source, rels, ids)
                if runs is not None:
                    runs.setdefault(mode, {})[q["_id"]] = ranked[:20]
                if mode in ("hybrid", "final"):
                    lex_hits = [
                        (pk, s)
                        for pk, s, _p in kind_index.search(
                            weighted_query(source, kind_index), limit=CANDIDATES, payloads=0
                        )
                    ]
                    lex_ids = {pk for pk, _s in lex_hits}
                    # The semantic candidates the fusion used (after feedback, as in the engine).
                    sem_ids = {
                        pk for pk, _s in fuse_with_feedback(lex_hits, query_vectors[n], store, limit=CANDIDATES)[3]
                    }
                    for pk in ranked_pk[:5]:
                        side = (
                            "lexical"
                            if pk in lex_ids and pk not in sem_ids
                            else "semantic"
                            if pk in sem_ids and pk not in lex_ids
                            else None
                        )
                        if side:
                            alone[side][0] += 1
                            alone[side][1] += rels.get(ids[pk], 0) >= useful
                totals["ndcg@10"] += ndcg_at(ranked, rels)
                totals["p@5"] += p_at(ranked, rels, 5, useful)
                totals["mrr@10"] += mrr_at(ranked, rels)
                totals["recall@100"] += recall_at(ranked, rels)
                if progress:
                    progress(n + 1, len(qs))
            count = max(len(qs), 1)
            metrics = {name: round(value / count, 4) for name, value in totals.items()}
            # Query embedding time is part of a real semantic query: add its measured mean.
            metrics["latency_ms"] = round(elapsed / count * 1000, 3)
            if mode in ("hybrid", "final"):
                metrics["alone_top5"] = {side: {"shown": a, "useful": u} for side, (a, u) in alone.items()}
            results["modes"][mode] = metrics
    return results
