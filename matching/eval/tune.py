"""Grid over the fusion settings on a BEIR-layout set (issue 20: tuned on the dev set).

    DEBUG=1 python matching/eval/tune.py var/beir/dev_patents [--useful 2] [--grid] [--feedback]

Computes each query's lexical (``engine.weighted_query``) and semantic candidates once (vectors
from the evaluate_matching cache under var/eval_cache), then re-fuses them with each setting of
``engine``'s fusion constants and prints nDCG@10 and P@5 of plain BM25, lexical, semantic and
every hybrid setting. The settings are written as keyword arguments of ``engine.fuse``, and
``--feedback`` tries those of ``engine.fuse_with_feedback`` (the agreement check's threshold,
and the pseudo-relevance feedback's weight and number of agreed documents).
"""

import itertools
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techmarket.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from matching import analysis, embedding, engine, index  # noqa: E402
from matching.evaluation import (  # noqa: E402
    KIND,
    _cached_vectors,
    _query_text,
    ndcg_at,
    p_at,
    payload_of_text,
    read_jsonl,
    read_qrels,
)
from matching.indexing import rebuild, vector_store  # noqa: E402
from matching.sources import Document  # noqa: E402


def candidate_lists(beir: Path, root: Path):
    docs = read_jsonl(beir / "corpus.jsonl")
    qrels = read_qrels(beir / "qrels.tsv")
    queries = [q for q in read_jsonl(beir / "queries.jsonl") if q["_id"] in qrels]
    rebuild(
        kind=KIND,
        root=root,
        with_vectors=False,
        documents=(
            Document(kind=KIND, id=i, title=d.get("title", ""), text=d.get("text", "")) for i, d in enumerate(docs)
        ),
    )
    kind_index = index.open_index(KIND, root)
    embedder = embedding.get_embedder()
    cache = Path(settings.VAR_DIR) / "eval_cache"
    texts = [embedding.embed_text(d.get("title", ""), d.get("text", "")) for d in docs]
    store = vector_store(KIND, root)
    store.reset(model=embedder.name, dim=embedder.dim)
    store.write(list(range(len(docs))), _cached_vectors(texts, embedder, cache, "corpus", query=False))
    qvecs = _cached_vectors([_query_text(q) for q in queries], embedder, cache, "queries", query=True)
    rows = []
    for n, q in enumerate(queries):
        source = Document(
            kind="demands", id=-1, title=q.get("title") or q["text"], text=q.get("text", "") if q.get("title") else ""
        )
        plain = list(dict.fromkeys(analysis.tokens(f"{source.title} {source.text}")))
        bm25 = [(pk, s) for pk, s, _p in kind_index.search(plain, limit=100, payloads=0)]
        lexical = [
            (pk, s) for pk, s, _p in kind_index.search(engine.weighted_query(source, kind_index), limit=100, payloads=0)
        ]
        semantic = store.search(qvecs[n], limit=100)
        weight = engine.lexical_weight_for(payload_of_text(docs[pk]) for pk, _s in lexical)
        rows.append((q["_id"], bm25, lexical, (semantic, qvecs[n], store, weight)))
    return [d["_id"] for d in docs], qrels, rows


def score(ids, qrels, rows, rank_fn, useful):
    nd = p5 = 0.0
    for qid, bm25, lexical, semantic in rows:
        ranked = [ids[pk] for pk in rank_fn(bm25, lexical, semantic)]
        nd += ndcg_at(ranked, qrels[qid])
        p5 += p_at(ranked, qrels[qid], 5, useful)
    return round(nd / len(rows), 4), round(p5 / len(rows), 4)


def fused(**settings_):
    """The engine's fusion (with feedback) under ``settings_`` (``fuse_with_feedback``'s keywords)."""

    def rank(_bm25, lexical, semantic):
        _list, vector, store, weight = semantic
        setting = {"lexical_weight": weight, **settings_}  # a grid's lexical weight replaces the engine's
        scores, _z, _best, _used, _unconfirmed = engine.fuse_with_feedback(
            lexical[: engine.CANDIDATES], vector, store, limit=engine.CANDIDATES, **setting
        )
        return [pk for pk, _s in sorted(scores.items(), key=lambda item: -item[1])]

    return rank


def convex(alpha: float):
    """Alternative form tried: alpha × BM25 / best BM25 + (1 − alpha) × semantic z (clipped at 0)
    / best z, over the union of both candidate lists."""

    def rank(_bm25, lexical, semantic):
        lexical, semantic = lexical[: engine.CANDIDATES], semantic[0][: engine.CANDIDATES]
        top = lexical[0][1] if lexical else 1.0
        zs = engine.standout([s for _pk, s in semantic])
        zmax = max(zs) if zs and max(zs) > 0 else 1.0
        scores: dict[int, float] = {}
        for pk, s in lexical:
            scores[pk] = alpha * s / top
        for (pk, _s), z in zip(semantic, zs, strict=True):
            scores[pk] = scores.get(pk, 0.0) + (1 - alpha) * max(z, 0.0) / zmax
        return [pk for pk, _s in sorted(scores.items(), key=lambda item: -item[1])]

    return rank


def main():
    import tempfile

    beir = Path(sys.argv[1])
    useful = int(sys.argv[sys.argv.index("--useful") + 1]) if "--useful" in sys.argv else 1
    with tempfile.TemporaryDirectory() as tmp:  # the vector store lives there while scoring
        ids, qrels, rows = candidate_lists(beir, Path(tmp))
        print(f"{beir.name}: {len(rows)} queries")
        print("bm25", score(ids, qrels, rows, lambda b, _l, _s: [pk for pk, _x in b], useful))
        print("lexical", score(ids, qrels, rows, lambda _b, lexical, _s: [pk for pk, _x in lexical], useful))
        print("semantic", score(ids, qrels, rows, lambda _b, _l, semantic: [pk for pk, _x in semantic[0]], useful))
        print("hybrid without the agreement check", score(ids, qrels, rows, fused(agreement_z=-99.0), useful))
        print("hybrid (shipped)", score(ids, qrels, rows, fused(), useful))
        if "--feedback" in sys.argv:
            for agreement in (-0.5, 0.5, 1.0):
                setting = {"agreement_z": agreement}
                print(setting, score(ids, qrels, rows, fused(**setting), useful), flush=True)
            for weight, docs in itertools.product((0.5, 1.0, 2.0), (3, 5, 10)):
                setting = {"feedback_weight": weight, "feedback_docs": docs}
                print(setting, score(ids, qrels, rows, fused(**setting), useful), flush=True)
        if "--convex" in sys.argv:
            for alpha in (0.2, 0.3, 0.4, 0.5, 0.6):
                print(f"convex alpha={alpha}", score(ids, qrels, rows, convex(alpha), useful), flush=True)
        if "--grid" not in sys.argv:
            return
        grid = itertools.product((0.5, 0.75, 1.0, 1.5), (0.3, 0.6, 1.0), (0.0, 0.5, 1.0), (10, 30))
        for lw, sof, bonus, k in grid:
            setting = {"lexical_weight": lw, "semantic_only_factor": sof, "strong_lexical_bonus": bonus, "k": k}
            print(setting, score(ids, qrels, rows, fused(**setting), useful), flush=True)


if __name__ == "__main__":
    main()
