"""Keyword search and matching at scale, against a Django-style icontains baseline on PostgreSQL.

    python -m bench matching_scale [--n 100000] [--queries 200] [--database postgres://.../h_bench_matching] [--no-pg]

Records are synthetic but use the real data's vocabulary: words segmented from the shared patent
titles and paper abstracts, drawn with their observed frequencies (Zipf-like). Texts are built
pre-segmented, so the index build time excludes segmentation (its throughput is printed apart).
Vectors are random unit vectors (brute-force cost does not depend on content); the embedding
throughput of the installed model is measured separately on real titles.
"""

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import time
from pathlib import Path

import numpy as np

from bench import machine, setup_django, shared_data

SHARED = Path(shared_data())
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/h_bench_matching"


def vocabulary():
    from matching import analysis

    texts = []
    with open(SHARED / "cn_patents_titles_ipc_9740.csv", encoding="utf-8") as handle:
        texts += [row["title"] for row in csv.DictReader(handle)]
    with open(SHARED / "csl_papers_dev_1k.jsonl", encoding="utf-8") as handle:
        texts += [json.loads(line)["abstract"] for line in handle]
    start = time.perf_counter()
    counts: dict[str, int] = {}
    chars = 0
    for text in texts:
        chars += len(text.encode())
        for token in analysis.tokens(text, search_mode=False):
            counts[token] = counts.get(token, 0) + 1
    seconds = time.perf_counter() - start
    words = sorted(counts, key=counts.get, reverse=True)
    weights = np.array([counts[w] for w in words], dtype=np.float64)
    return words, weights / weights.sum(), chars / seconds / 1e6


def generate(n: int, words, probs, seed: int = 7):
    rng = np.random.default_rng(seed)
    title_len = rng.integers(3, 7, n)
    text_len = rng.integers(20, 41, n)
    draws = rng.choice(len(words), size=int(title_len.sum() + text_len.sum()), p=probs)
    pos = 0
    for i in range(n):
        t = draws[pos : pos + title_len[i]]
        pos += title_len[i]
        b = draws[pos : pos + text_len[i]]
        pos += text_len[i]
        yield i + 1, [words[k] for k in t], [words[k] for k in b]


def pct(values, p):
    return float(np.percentile(np.asarray(values), p))


def build_index(root: Path, n: int, words, probs):
    import tantivy

    from matching import index

    kind_index = index.open_index("bench", root)
    writer = kind_index.bulk_writer(heap=300_000_000, threads=2)
    start = time.perf_counter()
    for pk, title, text in generate(n, words, probs):
        payload = {
            "kind": "bench",
            "id": pk,
            "title": "".join(title),
            "text": "".join(text)[:300],
            "chains": [],
            "ipc": [],
            "region": "",
            "new_city": "",
            "extra": {},
        }
        writer.add_document(
            tantivy.Document(
                id=pk,
                title=" ".join(title),
                text=" ".join(text),
                chains=[],
                ipc=[],
                payload=json.dumps(payload, ensure_ascii=False).encode(),
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    kind_index.reload(force=True)
    return kind_index, time.perf_counter() - start


def build_vectors(root: Path, n: int, dim: int = 384):
    from matching.indexing import vector_store

    store = vector_store("bench", root)
    store.reset(model="random", dim=dim)
    rng = np.random.default_rng(11)
    start = time.perf_counter()
    for lo in range(0, n, 100_000):
        hi = min(n, lo + 100_000)
        v = rng.standard_normal((hi - lo, dim), dtype=np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        store.write(list(range(lo + 1, hi + 1)), v)
    return store, time.perf_counter() - start


def pg_baseline(database: str, n: int, words, probs, queries: list[str]):
    import psycopg

    admin = database.rsplit("/", 1)[0] + "/postgres"
    name = database.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_record (id integer PRIMARY KEY, title varchar(200), body text)")
        start = time.perf_counter()
        with conn.cursor().copy("COPY bench_record (id, title, body) FROM STDIN") as copy:
            for pk, title, text in generate(n, words, probs):
                copy.write_row((pk, "".join(title), "".join(text)))
        conn.execute("ANALYZE bench_record")
        load = time.perf_counter() - start
        # The SQL Django generates for catalog.search.DatabaseBackend: per term
        # Q(title__icontains=t) | Q(body__icontains=t), every term required; first page of 20.
        cond = "(UPPER(title::text) LIKE UPPER(%s) OR UPPER(body::text) LIKE UPPER(%s))"
        times = []
        for q in queries:
            terms = q.split()
            sql = f"SELECT id, title FROM bench_record WHERE {' AND '.join([cond] * len(terms))} ORDER BY id DESC LIMIT 20"
            params = [f"%{t}%" for t in terms for _ in (0, 1)]
            start = time.perf_counter()
            conn.execute(sql, params).fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return load, times


def embedding_throughput(threads: int = 1):
    """(model name, texts/s) embedding real patent titles in batches of 64 with ``threads``
    native threads (the platform's processes start with one: techmarket/__init__.py)."""
    from threadpoolctl import threadpool_limits

    from matching import embedding

    embedder = embedding.get_embedder("auto")
    if embedder is None:
        return None
    with open(SHARED / "cn_patents_titles_ipc_9740.csv", encoding="utf-8") as handle:
        titles = [row["title"] for row in csv.DictReader(handle)][:256]
    with threadpool_limits(limits=threads):
        embedder.passages(titles[:8])
        start = time.perf_counter()
        for lo in range(0, len(titles), 64):
            embedder.passages(titles[lo : lo + 64])
    return embedder.name, len(titles) / (time.perf_counter() - start)


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench matching_scale")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-embed", action="store_true", help="skip the embedding-throughput measurement")
    parser.add_argument(
        "--release",
        action="store_true",
        help="after each match, release the index and vector pages as gunicorn's post_request does "
        "(index.release_mapped_pages), so that each match re-maps what it reads",
    )
    args = parser.parse_args(argv)
    # The synthetic store's vectors are labelled "random": matching a record then uses its stored
    # vector, as the platform does for a published record (no embedding on the request path).
    os.environ["MATCHING_EMBEDDER"] = "random"
    setup_django()
    from matching import analysis, index
    from matching.engine import Engine
    from matching.highlight import snippet
    from matching.sources import Document

    print(f"machine: {machine()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    words, probs, seg_mbps = vocabulary()
    print(
        f"data: {args.n:,} synthetic records (3-6 title words, 20-40 body words) from a {len(words):,}-word real vocabulary"
    )
    print(f"segmentation (rjieba + domain dictionary, precise mode): {seg_mbps:.1f} MB/s")
    root = Path(os.environ.get("BENCH_DIR", "/tmp/bench_matching")) / str(args.n)
    shutil.rmtree(root, ignore_errors=True)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kind_index, build_s = build_index(root, args.n, words, probs)
    store, vec_s = build_vectors(root, args.n)
    disk = sum(f.stat().st_size for f in (root / "bench").rglob("*") if f.is_file()) / 2**20
    vec_disk = sum(f.stat().st_size for f in (root / "bench" / "vectors").glob("*")) / 2**20
    print(
        f"index build: {build_s:.1f} s ({args.n / build_s:,.0f} docs/s), vectors (int8 + sign bits) written in {vec_s:.1f} s"
    )
    print(f"on disk: {disk:,.0f} MiB in all, of which vectors {vec_disk:,.0f} MiB")

    rng = np.random.default_rng(3)
    frequent = words[50:3000]
    queries = []
    for _ in range(args.queries):
        k = int(rng.integers(1, 3))
        queries.append(" ".join(rng.choice(frequent, size=k, replace=False)))
    kind_index.search(analysis.query_tokens(queries[0]), limit=20, require_all=True)
    times, hits = [], []
    for q in queries:
        start = time.perf_counter()
        terms = analysis.query_tokens(q)
        found = kind_index.search(terms, limit=20, require_all=True)
        for _pk, _s, payload in found:
            snippet(payload["text"], terms)
        times.append((time.perf_counter() - start) * 1000)
        hits.append(len(found))
    print(
        f"keyword search (segment + tantivy top 20, all terms required, snippets): "
        f"p50 {pct(times, 50):.2f} ms, p95 {pct(times, 95):.2f} ms over {len(queries)} queries"
    )

    engine = Engine(root=root, mode="hybrid")
    sources = []
    # Probes are records of the store (their own text regenerated with another seed): each is
    # matched with its stored vector, like a published demand opening its panel.
    probe_ids = rng.choice(np.arange(1, args.n + 1), size=args.queries, replace=False)
    for pk, (_n, title, text) in zip(probe_ids, generate(args.queries, words, probs, seed=99), strict=True):
        sources.append(Document(kind="bench", id=int(pk), title="".join(title), text="".join(text)))
    engine.match(sources[0], targets=["bench"], limit=10)
    mtimes, cpu_times, release_times = [], [], []
    for doc in sources:
        start, cpu = time.perf_counter(), time.process_time()
        engine.match(doc, targets=["bench"], limit=10)
        mtimes.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu) * 1000)
        if args.release:
            cpu = time.process_time()
            index.release_mapped_pages(root)
            release_times.append((time.process_time() - cpu) * 1000)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"matching with reasons (64-term BM25 top 50 + vector top 50, RRF, re-rank 30, reasons; "
        f"the record's stored vector): p50 {pct(mtimes, 50):.1f} ms, p95 {pct(mtimes, 95):.1f} ms; "
        f"CPU per match p50 {pct(cpu_times, 50):.1f} ms, p95 {pct(cpu_times, 95):.1f} ms"
    )
    if args.release:
        print(
            f"with the pages released after each match: release CPU p50 {pct(release_times, 50):.2f} ms, "
            f"p95 {pct(release_times, 95):.2f} ms (the matches' CPU above includes re-mapping the pages)"
        )
    print(f"memory: peak RSS {rss:,.0f} MiB (process start {rss0:,.0f} MiB; vectors memory-mapped)")

    if not args.no_pg:
        load_s, pg_times = pg_baseline(args.database, args.n, words, probs, queries)
        print(
            f"PostgreSQL icontains baseline ({args.database.rsplit('/', 1)[1]}, COPY {load_s:.1f} s): "
            f"p50 {pct(pg_times, 50):.1f} ms, p95 {pct(pg_times, 95):.1f} ms"
        )
        print(
            f"ratio icontains / tantivy: p50 {pct(pg_times, 50) / pct(times, 50):.0f}×, p95 {pct(pg_times, 95) / pct(times, 95):.0f}×"
        )
    if not args.no_embed:
        os.environ.pop("MATCHING_EMBEDDER", None)
        for threads in sorted({1, os.cpu_count() or 1}):
            measured = embedding_throughput(threads)
            if not measured:
                print("embedding throughput: no embedding package installed")
                break
            name, rate = measured
            print(
                f"embedding throughput ({name}, real patent titles, batches of 64, {threads} native thread(s)): "
                f"{rate:.1f} texts/s; 1M records would take {1_000_000 / rate / 3600:.1f} h on this machine"
            )
    print(f"mean hits per keyword query: {statistics.mean(hits):.1f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    shutil.rmtree(root, ignore_errors=True)
