"""Index rebuild throughput (issue 19): lexical records/s of ``rebuild_index`` from the database and
the semantic model's embeddings/s, beside the targets.

    python -m bench rebuild_index --database-url postgres://postgres@127.0.0.1:5432/NAME
        [--library achievements] [--workers N] [--profile] [--embed 256]
        [--threads 1,2] [--embed-batches 1,16,64,128] [--no-rebuild]

Meant for a copy of a benchmark database (``python -m bench scale_data`` makes 100k achievements):
the rebuild writes into a temporary directory, never into the live index, but like
``rebuild_index`` it settles the kind's index debt rows. Prints the machine, the data size and the
load average before and after every figure; CPU time beside wall time (on a shared machine wall
time mostly measures the queue).

- ``--profile``: one process, no pool, each phase timed in CPU seconds: the database read
  (client side; the PostgreSQL backend's own CPU read from /proc), the documents' assembly
  (``catalog_sources.document_of``), normalisation and segmentation (``analysis.index_text``),
  the stored payload, and the tantivy writer (``add_document`` and commit, its threads included).
- the rebuild: ``matching.indexing.rebuild`` with ``--workers`` segmenting processes (default:
  the ``MATCHING_INDEX_WORKERS`` setting) and no vectors: records/s on the wall clock, and CPU
  seconds of this process, of the worker processes and of the database backend.
- ``--embed N``: the first N documents' embedding texts (``embedding.embed_text``: the title and
  the first ``EMBED_CHARS`` characters) through the installed model for each thread count and
  batch size: texts/s on the wall clock and per CPU second.
"""

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from bench import machine, setup_django

TARGET_LEXICAL = 3000  # records/s, issue 19, quiet 2-core machine


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _Backend:
    """CPU seconds of this connection's PostgreSQL backend process (0 when not readable: SQLite,
    or a server on another machine)."""

    def __init__(self):
        from django.db import connection

        self.pid = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]

    def cpu(self) -> float:
        if self.pid is None:
            return 0.0
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def profile(kind: str) -> int:
    """Phase split of one serial rebuild (CPU seconds of this process); returns the record count."""
    from matching import analysis, catalog_sources, index
    from matching.sources import get_source

    backend = _Backend()
    assembly = [0.0]
    real = catalog_sources.document_of

    def timed(*args, **kwargs):
        began = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            assembly[0] += time.process_time() - began

    catalog_sources.document_of = timed
    try:
        server, began = backend.cpu(), time.process_time()
        docs = list(get_source(kind).documents())
        read = time.process_time() - began - assembly[0]
        server = backend.cpu() - server
    finally:
        catalog_sources.document_of = real
    n = len(docs)
    analysis.index_text("预热")  # dictionary loaded outside the timings
    began = time.process_time()
    tokens = [(analysis.index_text(d.title), analysis.index_text(d.text)) for d in docs]
    segment = time.process_time() - began
    began = time.process_time()
    payloads = [index._payload_bytes(d) for d in docs]
    payload = time.process_time() - began
    rows = [
        (int(d.id), title, text, list(d.chains), list(d.ipc), data)
        for d, (title, text), data in zip(docs, tokens, payloads, strict=True)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        kind_index = index.KindIndex(Path(tmp) / "lexical")
        writer = kind_index.bulk_writer()
        began = time.process_time()
        for row in rows:
            writer.add_document(index.KindIndex.prepared_doc(row))
        writer.commit()
        writer.wait_merging_threads()
        write = time.process_time() - began
    phases = [
        ("database read (client: queries, rows, model instances)", read),
        ("text assembly (document_of)", assembly[0]),
        ("normalise + segment + token post-processing", segment),
        ("stored payload (JSON)", payload),
        ("index writing (tantivy add + commit)", write),
    ]
    total = sum(seconds for _label, seconds in phases)
    print(f"profile, one process, {n:,} {kind} (CPU seconds; load average {_load()}):")
    for label, seconds in phases:
        print(
            f"  {label:<56} {seconds:7.2f} s  {100 * seconds / total:5.1f}%  {n / max(seconds, 1e-9):>9,.0f} records/s"
        )
    print(f"  {'total in this process':<56} {total:7.2f} s  100.0%  {n / total:>9,.0f} records/s")
    if backend.pid:
        print(f"  PostgreSQL backend (server side of the read)             {server:7.2f} s")
    return n


def rebuild_rate(kind: str, workers: int) -> tuple[int, float]:
    from matching.indexing import rebuild
    from matching.sources import matchable_count

    total = matchable_count(kind)
    backend = _Backend()
    with tempfile.TemporaryDirectory() as tmp:
        load_before = _load()
        server, own, children = backend.cpu(), time.process_time(), _children_cpu()
        began = time.perf_counter()
        count = rebuild(kind=kind, root=Path(tmp), with_vectors=False, workers=workers)
        wall = time.perf_counter() - began
        own, children = time.process_time() - own, _children_cpu() - children
        server = backend.cpu() - server
    rate = count / wall
    print(
        f"rebuild_index --library {kind} --no-vectors --workers {workers}: {count:,} of {total:,} published "
        f"records in {wall:.1f} s wall: {rate:,.0f} records/s (target ≥ {TARGET_LEXICAL:,}/s on a quiet 2-core "
        f"machine: {'met' if rate >= TARGET_LEXICAL else 'not met'}); load average {load_before} → {_load()}"
    )
    cpu = own + children + server
    print(
        f"  CPU: this process {own:.1f} s, segmenting workers {children:.1f} s, PostgreSQL backend {server:.1f} s; "
        f"{count / max(cpu, 1e-9):,.0f} records per CPU second; with 2 idle cores the wall-clock bound is about "
        f"{count / max(own, cpu / 2, 1e-9):,.0f} records/s"
    )
    return count, rate


def embed_rates(kind: str, n: int, threads: list[int], batches: list[int]) -> None:
    from itertools import islice

    from threadpoolctl import threadpool_limits

    from matching import embedding
    from matching.sources import get_source

    embedder = embedding.get_embedder("auto")
    if embedder is None:
        print("embedding: no semantic model installed")
        return
    texts = [embedding.embed_text(d.title, d.text) for d in islice(get_source(kind).documents(), n)]
    chars = sum(len(t) for t in texts) / max(len(texts), 1)
    print(f"embedding ({embedder.name}), {len(texts)} {kind} texts of {chars:.0f} characters on average:")
    embedder.passages(texts[:4])
    best = None
    for count in threads:
        for size in batches:
            with threadpool_limits(limits=count, user_api="openmp"):
                load = _load().split()[0]
                cpu, began = time.process_time(), time.perf_counter()
                for start in range(0, len(texts), size):
                    embedder.passages(texts[start : start + size])
                wall, cpu = time.perf_counter() - began, time.process_time() - cpu
            rate = len(texts) / wall
            print(
                f"  {count} thread(s), batches of {size:>3}: {rate:6.1f} texts/s wall, "
                f"{len(texts) / cpu:6.1f} texts per CPU second (load average {load})",
                flush=True,
            )
            if best is None or rate > best[0]:
                best = (rate, count, size)
    print(
        f"  best: {best[0]:.1f} embeddings/s with {best[1]} thread(s) in batches of {best[2]} "
        "(target: as high as the model allows on 2 cores; a 2-core machine's ceiling is about "
        "2 × the one-thread rate per CPU second)"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench rebuild_index")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--library", default="achievements")
    parser.add_argument("--workers", type=int, default=None, help="segmenting processes (default: the setting)")
    parser.add_argument("--profile", action="store_true", help="phase split of a serial rebuild first")
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument("--embed", type=int, default=0, help="texts for the embedding measurement (0: skip)")
    parser.add_argument("--threads", default="1,2", help="native thread counts to try for embedding")
    parser.add_argument("--embed-batches", default="1,16,64,128", help="batch sizes to try for embedding")
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    from django.conf import settings

    from matching.sources import matchable_count

    workers = args.workers or settings.MATCHING_INDEX_WORKERS
    print(f"machine: {machine()}; load average {_load()}")
    print(f"data: {matchable_count(args.library):,} published {args.library} ({args.database_url.split('@')[-1]})")
    if args.profile:
        profile(args.library)
    if not args.no_rebuild:
        rebuild_rate(args.library, workers)
    if args.embed:
        embed_rates(
            args.library,
            args.embed,
            [int(x) for x in args.threads.split(",")],
            [int(x) for x in args.embed_batches.split(",")],
        )
    print(f"load average after: {_load()}")
