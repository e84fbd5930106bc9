"""The lexical index: one tantivy index on disk per kind, fed pre-segmented text.

Fields: ``id`` (integer), ``title`` and ``text`` (whitespace-tokenised segments; the title is
boosted at query time), ``chains`` and ``ipc`` (raw terms), and ``payload`` (stored JSON of the
document: what the re-ranker, the reasons and the snippets read without touching the database).
"""

import ctypes
import ctypes.util
import functools
import json
import os
import shutil
import threading
import time
from dataclasses import fields
from pathlib import Path

import tantivy
from django.conf import settings

from . import analysis
from .sources import Document

_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))
TITLE_BOOST = 3.0
SNIPPET_SOURCE_CHARS = 1500  # stored text per document, for highlights and reasons
RELOAD_EVERY_S = 1.0  # how stale a reader may be relative to another process's commits

_lock = threading.RLock()
_open: dict[str, "KindIndex"] = {}


def _schema():
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("chains", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("ipc", tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


def index_root(root: Path | None = None) -> Path:
    return Path(root or settings.SEARCH_INDEX_DIR)


def payload_of(doc: Document) -> dict:
    """The stored copy of ``doc`` (its fields as a dict, the text cut to SNIPPET_SOURCE_CHARS).
    A shallow dict: it is serialised at once, and ``dataclasses.asdict``'s deep copy cost a
    fifth of a rebuild."""
    data = {name: getattr(doc, name) for name in _DOCUMENT_FIELDS}
    data["text"] = (doc.text or "")[:SNIPPET_SOURCE_CHARS]
    return data


def _payload_bytes(doc: Document) -> bytes:
    return json.dumps(payload_of(doc), ensure_ascii=False, default=str).encode()


def prepare(doc: Document) -> tuple:
    """Everything the index stores for ``doc``, as plain data: (id, title tokens, text tokens,
    chains, ipc, payload bytes)."""
    return row_of(doc, analysis.index_text(doc.title), analysis.index_text(doc.text))


def row_of(doc: Document, title_tokens: str, text_tokens: str) -> tuple:
    """``prepare``'s row from tokens segmented elsewhere (``segment_many``)."""
    return (int(doc.id), title_tokens, text_tokens, list(doc.chains), list(doc.ipc), _payload_bytes(doc))


def segment_many(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """[(title, text)] → [(title tokens, text tokens)], each ``analysis.index_text``.
    Segmentation is the costly part of indexing: a rebuild runs this in worker processes and
    sends them only the two strings of each document (pickling whole documents both ways cost
    the writer's process more than building the stored payload itself)."""
    return [(analysis.index_text(title), analysis.index_text(text)) for title, text in texts]


def prepare_many(docs: list[Document]) -> list[tuple]:
    segmented = segment_many([(doc.title, doc.text) for doc in docs])
    return [row_of(doc, *tokens) for doc, tokens in zip(docs, segmented, strict=True)]


def document_from_payload(data: dict) -> Document:
    return Document(**data)


class KindIndex:
    """One kind's index directory. Safe to share between threads of a process."""

    def __init__(self, path: Path):
        self.path = path
        self.schema = _schema()
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self._reloaded = 0.0

    # -- writing -------------------------------------------------------------------------
    def _writer(self, heap: int = 50_000_000, threads: int = 1):
        # Another process may hold tantivy's writer lock for a moment; wait rather than fail.
        deadline = time.monotonic() + 30
        while True:
            try:
                return self.index.writer(heap_size=heap, num_threads=threads)
            except ValueError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _tantivy_doc(self, doc: Document, tokens: tuple[str, str] | None = None) -> tantivy.Document:
        if tokens is not None:
            return self.prepared_doc((int(doc.id), *tokens, list(doc.chains), list(doc.ipc), _payload_bytes(doc)))
        return self.prepared_doc(prepare(doc))

    @staticmethod
    def prepared_doc(row: tuple) -> tantivy.Document:
        """A tantivy document from ``prepare``'s row."""
        pk, title, text, chains, ipc, payload = row
        return tantivy.Document(id=pk, title=title, text=text, chains=chains, ipc=ipc, payload=payload)

    def upsert(self, docs: list[Document], remove_ids: list[int] = ()) -> None:
        with _lock:
            writer = self._writer()
            try:
                for doc_id in [*remove_ids, *(d.id for d in docs)]:
                    writer.delete_documents_by_term("id", int(doc_id))
                for doc in docs:
                    writer.add_document(self._tantivy_doc(doc))
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
            self.reload(force=True)

    def bulk_writer(self, heap: int = 200_000_000, threads: int = 1):
        """The writer of a rebuild. One indexing thread: the segmenting processes already keep
        the cores busy (two threads cost as much CPU and gained no wall time on 2 cores); a
        large heap so that a checkpoint's records make one segment."""
        return self._writer(heap=heap, threads=threads)

    def clear(self) -> None:
        with _lock:
            writer = self._writer()
            writer.delete_all_documents()
            writer.commit()
            writer.wait_merging_threads()
            self.reload(force=True)

    # -- reading -------------------------------------------------------------------------
    def reload(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._reloaded > RELOAD_EVERY_S:
            self.index.reload()
            self._reloaded = now

    def num_docs(self) -> int:
        self.reload()
        return self.index.searcher().num_docs

    def _field_query(self, token: str, title_boost: float = TITLE_BOOST):
        return tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, "title", token), title_boost),
                ),
                (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "text", token)),
            ]
        )

    def _group_query(self, group):
        """A token, a (token, boost) pair (a query built from a record weighs its terms), or a
        group of alternatives (each a list of tokens that must all match)."""
        if isinstance(group, str):
            return self._field_query(group)
        if isinstance(group, tuple):
            token, boost = group
            return tantivy.Query.boost_query(self._field_query(token), float(boost))
        alternatives = []
        for alternative in group:
            parts = [self._field_query(t) for t in alternative]
            query = (
                parts[0] if len(parts) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in parts])
            )
            alternatives.append((tantivy.Occur.Should, query))
        return alternatives[0][1] if len(alternatives) == 1 else tantivy.Query.boolean_query(alternatives)

    def query_for(self, tokens: list, *, require_all: bool, ipc: list[str] = (), chains: list[str] = ()):
        """``tokens``: strings, or groups of alternatives from ``analysis.query_groups``."""
        occur = tantivy.Occur.Must if require_all else tantivy.Occur.Should
        clauses = [(occur, self._group_query(t)) for t in tokens if t]
        for field, values in (("ipc", ipc), ("chains", chains)):
            for value in values:
                clauses.append((tantivy.Occur.Should, tantivy.Query.term_query(self.schema, field, value)))
        return tantivy.Query.boolean_query(clauses) if clauses else None

    def search(
        self,
        tokens: list[str],
        *,
        limit: int = 100,
        require_all: bool = False,
        ipc: list[str] = (),
        chains: list[str] = (),
        payloads: int | None = None,
    ):
        """[(id, score, payload dict)] best first. ``chains``: industry-chain slugs that also recall a document.
        ``payloads``: decode the payloads of only the first so many hits (the others get None)."""
        searcher, hits, ids = self._hits(tokens, limit=limit, require_all=require_all, ipc=ipc, chains=chains)
        out = []
        for n, ((score, address), pk) in enumerate(zip(hits, ids, strict=True)):
            payload = None
            if pk is None or payloads is None or n < payloads:
                stored = searcher.doc(address)
                pk = stored["id"][0]
                payload = json.loads(bytes(stored["payload"][0]).decode())
            out.append((int(pk), float(score), payload))
        return out

    def _hits(self, tokens, *, limit: int, require_all: bool, ipc=(), chains=()):
        """(searcher, [(score, address)], [id or None]) best first; ``(None, [], [])`` for no query.
        Ids come from the fast field (no stored-document read)."""
        query = self.query_for(tokens, require_all=require_all, ipc=ipc, chains=chains)
        if query is None:
            return None, [], []
        self.reload()
        searcher = self.index.searcher()
        hits = searcher.search(query, limit, count=False).hits
        ids = searcher.fast_field_values("id", [address for _score, address in hits]) if hits else []
        return searcher, hits, ids

    def search_lazy(self, tokens: list, *, limit: int = 100, require_all: bool = False, keep: int = 100):
        """``([(id, score)] best first, StoredPayloads)``: the payloads of the first ``keep`` hits,
        each read and decoded only when asked for (a keyword list ranks 1,000 ids and shows 20
        snippets, a site-search section 5: decoding 100 payloads per search cost more CPU than
        the search itself, issue 19)."""
        searcher, hits, ids = self._hits(tokens, limit=limit, require_all=require_all)
        ranked, addresses = [], {}
        for n, ((score, address), pk) in enumerate(zip(hits, ids, strict=True)):
            if pk is None:  # no fast value (an index written before the id was a fast field)
                pk = searcher.doc(address)["id"][0]
            ranked.append((int(pk), float(score)))
            if n < keep:
                addresses.setdefault(int(pk), address)
        return ranked, StoredPayloads(searcher, addresses)

    def doc_freqs(self, terms) -> tuple[int, dict[str, int]]:
        """(number of documents, {term: documents containing it in the title or the text}).
        The larger of the two fields' counts: a lower bound of the union, exact for most terms."""
        self.reload()
        searcher = self.index.searcher()
        out = {}
        for term in terms:
            out[term] = max(searcher.doc_freq("text", term), searcher.doc_freq("title", term))
        return searcher.num_docs, out

    def get(self, ids: list[int]) -> dict[int, dict]:
        """Payloads of the given ids that are in the index."""
        if not ids:
            return {}
        self.reload()
        searcher = self.index.searcher()
        query = tantivy.Query.term_set_query(self.schema, "id", [int(i) for i in ids])
        out = {}
        for _score, address in searcher.search(query, len(ids)).hits:
            stored = searcher.doc(address)
            out[int(stored["id"][0])] = json.loads(bytes(stored["payload"][0]).decode())
        return out


class StoredPayloads:
    """{id: payload dict} of one search's hits, read from the searcher's snapshot and decoded the
    first time each is asked for (``get``); ``search_lazy`` makes it."""

    def __init__(self, searcher, addresses: dict[int, object]):
        self._searcher = searcher
        self._addresses = addresses
        self._decoded: dict[int, dict] = {}

    def get(self, pk, default=None):
        if pk in self._decoded:
            return self._decoded[pk]
        address = self._addresses.get(pk)
        if address is None:
            return default
        payload = self._decoded[pk] = json.loads(bytes(self._searcher.doc(address)["payload"][0]).decode())
        return payload

    def __contains__(self, pk) -> bool:
        return pk in self._addresses

    def __len__(self) -> int:
        return len(self._addresses)

    @property
    def decoded(self) -> int:
        """How many payloads have been decoded so far (for tests and benchmarks)."""
        return len(self._decoded)


def kind_dir(kind: str, root: Path | None = None) -> Path:
    """The live directory of a kind (``lexical/`` and ``vectors/``), resolved: ``<root>/<kind>``
    is a symbolic link to the generation that ``rebuild_index`` built last (a plain directory
    before the first rebuild). Readers resolve it on each open, so a swap is seen at once."""
    return Path(os.path.realpath(index_root(root) / kind))


def open_index(kind: str, root: Path | None = None) -> KindIndex:
    path = kind_dir(kind, root) / "lexical"
    key = str(path)
    with _lock:
        existing = _open.get(key)
        if existing is None or not path.exists():
            existing = _open[key] = KindIndex(path)
            # Forget readers of generations that a rebuild has since removed.
            for stale in [k for k in _open if not Path(k).exists()]:
                del _open[stale]
        return existing


def index_exists(kind: str, root: Path | None = None) -> bool:
    return (index_root(root) / kind / "lexical" / "meta.json").exists()


def drop_index(kind: str, root: Path | None = None) -> None:
    """Remove a kind's index, every generation and any unfinished rebuild."""
    base = index_root(root)
    with _lock:
        _open.clear()
        link = base / kind
        if link.is_symlink():
            link.unlink()
        else:
            shutil.rmtree(link, ignore_errors=True)
        building = base / f"{kind}.building"
        if building.is_symlink():
            building.unlink()
        for generation in base.glob(f"{kind}.gen-*"):
            shutil.rmtree(generation, ignore_errors=True)


MADV_DONTNEED = 4  # Linux <sys/mman.h>


@functools.cache
def libc():
    """The C library through ctypes, loaded once per process (errno kept for ``ctypes.get_errno``);
    None where there is none (not POSIX). The one loader for this module's ``madvise`` and for
    gunicorn.conf.py's ``trim_heap``."""
    if os.name != "posix":
        return None
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


@functools.cache
def _madvise_function():
    c = libc()
    if c is None or not hasattr(c, "madvise"):
        return None
    c.madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    c.madvise.restype = ctypes.c_int
    return c.madvise


def trim_heap() -> bool:
    """Hand the heap's freed pages back to the system (glibc ``malloc_trim(0)``); gunicorn's
    ``post_request`` calls it every ``TRIM_EVERY`` requests. True when it released memory, False
    when nothing was released or there is no ``malloc_trim`` (musl, not Linux)."""
    c = libc()
    if c is None or not hasattr(c, "malloc_trim"):
        return False
    return bool(c.malloc_trim(0))


def mapped_files(root: Path | None = None) -> list[tuple[int, int, str]]:
    """[(start address, end address, path)] of this process's read-only mappings of files under
    the index root (tantivy's segment files, the vector store's bits and scales, every
    generation, a removed one's files shown with " (deleted)"), from /proc/self/maps. [] where
    there is no /proc (not Linux)."""
    prefix = os.path.realpath(index_root()) if root is None else os.path.realpath(root)
    prefix = prefix.rstrip(os.sep) + os.sep
    try:
        with open("/proc/self/maps") as handle:
            text = handle.read()
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        if prefix not in line:
            continue
        parts = line.split(None, 5)
        if len(parts) < 6 or "w" in parts[1]:
            continue
        path = parts[5].removesuffix(" (deleted)")
        if path.startswith(prefix):
            start, end = (int(x, 16) for x in parts[0].split("-"))
            out.append((start, end, path))
    return out


def release_mapped_pages(root: Path | None = None) -> int:
    """Drop this process's page-table entries for the index and vector files it has read
    (``madvise(MADV_DONTNEED)`` on each read-only file mapping under the index root); returns
    the bytes of address space advised (0 where unsupported).

    What it changes: a web worker's resident set counts every page of a memory-mapped file that
    it has touched since the page was mapped, although those pages are the kernel's page cache,
    one copy shared by every process. After a few hundred searches most of the index's stored
    documents had been touched, and ~255 MiB of each worker's ~450 MiB resident were these
    pages (issue 19). Released, they stay in the page cache (nothing is read from disk again
    unless the kernel reclaimed them); the next search maps the pages it needs again with a
    minor fault each. Safe at any time for these mappings: they are read-only views of files, so
    the next access sees the same bytes; the worker's private memory and the machine's memory
    use do not change."""
    mappings = mapped_files(root)
    if not mappings:
        return 0
    madvise = _madvise_function()
    if madvise is None:
        return 0
    done = 0
    for start, end, _path in mappings:
        if madvise(start, end - start, MADV_DONTNEED) == 0:
            done += end - start
    return done
