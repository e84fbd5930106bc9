"""Compact vector store, searched by brute force with numpy.

Per kind, next to the lexical index: ``ids.i64`` (row → record id, -1 for a deleted row),
``vec.i8`` (rows quantised to int8 with a per-row scale in ``scale.f32``), ``bits.u8`` (sign
bits, 1 bit per dimension) and ``meta.json`` (model name and dimension). Writes append rows and
mark replaced rows deleted; a rebuild compacts. Readers memory-map the ids (copied), the scales
and the sign bits; the int8 rows are read with ``pread``, only the rows a search rescores (or, for
a store of at most ``EXACT_LIMIT`` rows, in blocks of ``CHUNK`` rows), so the largest file is never
mapped into a web worker: mapped, every page a search touched stayed in the worker's resident
memory (85 MiB at 200k rows after a few hundred matches; issue 19).

Search: exact int8 dot products when the store is small; above ``EXACT_LIMIT`` rows a Hamming
pre-filter over the sign bits picks ``PREFILTER`` rows that are then rescored exactly (measured:
a 1M × 384 int8 scan costs ~300 ms on 2 cores, the bit pre-filter ~40 ms).
"""

import contextlib
import json
import os
import threading
from pathlib import Path

import numpy as np

EXACT_LIMIT = 50_000
PREFILTER = 2_000
# Rows converted to float32 at a time by the exact scan: 4,096 rows are a 6 MiB temporary (65,536
# were 96 MiB, a jump in every web worker's peak memory) and scan faster, staying in the CPU's
# cache: 50k rows took 4 ms of CPU instead of 16 ms (issue 19, load average 13).
CHUNK = 4_096

_lock = threading.RLock()


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    vectors = np.asarray(vectors, dtype=np.float32)
    peak = np.abs(vectors).max(axis=1)
    peak[peak == 0] = 1.0
    scale = (peak / 127.0).astype(np.float32)
    q = np.clip(np.rint(vectors / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


class RowFile:
    """The int8 rows of ``vec.i8`` (n × dim), read on demand with ``os.pread`` from the page
    cache into short-lived arrays instead of through a memory map."""

    def __init__(self, path: Path, n: int, dim: int):
        self.path = path
        self.shape = (n, dim)
        # Closed when the last search holding this reader lets it go (a store that grew gets a
        # new reader; a search still running in another thread keeps the old one open).
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))

    def __del__(self):
        fd, self._fd = getattr(self, "_fd", -1), -1
        if fd >= 0:
            with contextlib.suppress(Exception):  # at interpreter shutdown there is nothing left to do
                os.close(fd)

    def _read(self, offset: int, size: int) -> bytes:
        data = os.pread(self._fd, size, offset)
        if len(data) != size:
            raise OSError(f"{self.path}: short read at byte {offset} ({len(data)} of {size})")
        return data

    def take(self, rows) -> np.ndarray:
        """int8 array (len(rows), dim) of the given row numbers, in their order: one ``pread``
        each (2,000 rows cost about 1-2 ms from the page cache), or whole blocks when the rows are
        more than an eighth of the store."""
        n, dim = self.shape
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) <= max(64, n // 8):
            data = b"".join([self._read(row * dim, dim) for row in rows.tolist()])
            return np.frombuffer(data, dtype=np.int8).reshape(-1, dim)
        # Many rows (a filtered exact scan): whole blocks are cheaper than one read per row.
        out = np.empty((len(rows), dim), dtype=np.int8)
        for start in range(0, n, CHUNK):
            inside = (rows >= start) & (rows < start + CHUNK)
            if inside.any():
                out[inside] = self.block(start, start + CHUNK)[rows[inside] - start]
        return out

    def block(self, start: int, stop: int) -> np.ndarray:
        """int8 array of rows start..stop-1 (clipped to the store), one ``pread``."""
        n, dim = self.shape
        stop = min(stop, n)
        if stop <= start:
            return np.empty((0, dim), dtype=np.int8)
        return np.frombuffer(self._read(start * dim, (stop - start) * dim), dtype=np.int8).reshape(-1, dim)


class VectorStore:
    def __init__(self, path: Path):
        self.path = path
        self._cache = None  # (size of ids file, ids, vec: RowFile, scale, bits)

    @property
    def meta(self) -> dict:
        meta_path = self.path / "meta.json"
        return json.loads(meta_path.read_text()) if meta_path.exists() else {}

    def _files(self):
        return {n: self.path / n for n in ("ids.i64", "vec.i8", "scale.f32", "bits.u8")}

    def reset(self, *, model: str, dim: int) -> None:
        with _lock:
            self.path.mkdir(parents=True, exist_ok=True)
            for f in self._files().values():
                f.write_bytes(b"")
            (self.path / "meta.json").write_text(json.dumps({"model": model, "dim": dim}))
            self._cache = None

    def _delete_rows(self, ids: set[int]) -> None:
        f = self._files()["ids.i64"]
        if not ids or not f.exists() or f.stat().st_size == 0:
            return
        rows = np.memmap(f, dtype=np.int64, mode="r+")
        hit = np.isin(rows, np.fromiter(ids, dtype=np.int64))
        if hit.any():
            rows[hit] = -1
            rows.flush()
        del rows

    def write(self, ids: list[int], vectors: np.ndarray | None, *, remove_ids=()) -> None:
        """Replace the vectors of ``ids`` (and delete ``remove_ids``)."""
        with _lock:
            self._delete_rows({int(i) for i in [*remove_ids, *ids]})
            if ids and vectors is not None and len(vectors):
                q, scale = quantise(vectors)
                bits = np.packbits(q > 0, axis=1)
                files = self._files()
                # Vectors first, ids last: a reader sizes the store by the ids file.
                with open(files["vec.i8"], "ab") as h:
                    h.write(q.tobytes())
                with open(files["scale.f32"], "ab") as h:
                    h.write(scale.tobytes())
                with open(files["bits.u8"], "ab") as h:
                    h.write(bits.tobytes())
                with open(files["ids.i64"], "ab") as h:
                    h.write(np.asarray(ids, dtype=np.int64).tobytes())
            self._cache = None

    def _load(self):
        files = self._files()
        if not files["ids.i64"].exists():
            return None
        size = files["ids.i64"].stat().st_size
        if self._cache is not None and self._cache[0] == size:
            return self._cache
        dim = self.meta.get("dim", 0)
        n = size // 8
        if n == 0 or not dim:
            return None
        ids = np.array(np.memmap(files["ids.i64"], dtype=np.int64, mode="r", shape=(n,)))
        # Plain ndarray views of the maps: np.memmap's own indexing adds a Python layer per access.
        vec = RowFile(files["vec.i8"], n, dim)
        scale = np.asarray(np.memmap(files["scale.f32"], dtype=np.float32, mode="r", shape=(n,)))
        bits = np.asarray(np.memmap(files["bits.u8"], dtype=np.uint8, mode="r", shape=(n, (dim + 7) // 8)))
        self._cache = (size, ids, vec, scale, bits)
        return self._cache

    def ids(self) -> set[int]:
        """The record ids that have a vector."""
        loaded = self._load()
        return set() if loaded is None else {int(i) for i in loaded[1] if i >= 0}

    def count(self) -> int:
        """Rows with a live vector (deleted rows keep id -1); counted once per state of the files
        (``engine.semantic_ready`` asks on every match)."""
        loaded = self._load()
        if loaded is None:
            return 0
        if getattr(self, "_counted", (None, 0))[0] is not loaded:
            self._counted = (loaded, int((loaded[1] >= 0).sum()))
        return self._counted[1]

    def _exact(self, rows: np.ndarray | None, query: np.ndarray, vec: RowFile, scale) -> np.ndarray:
        if rows is None:
            out = np.empty(vec.shape[0], dtype=np.float32)
            for start in range(0, vec.shape[0], CHUNK):
                part = vec.block(start, start + CHUNK).astype(np.float32)
                out[start : start + CHUNK] = (part @ query) * scale[start : start + CHUNK]
            return out
        return (vec.take(rows).astype(np.float32) @ query) * scale[rows]

    def search(
        self, query: np.ndarray, *, limit: int = 100, allowed: set[int] | None = None, pool: dict | None = None
    ) -> list[tuple[int, float]]:
        """[(id, cosine)] best first. ``pool``: a dict shared by searches of nearly the same
        vector (pseudo-relevance feedback): above ``EXACT_LIMIT`` rows the first search leaves its
        pre-filtered rows there and the next one rescores those exactly instead of scanning the
        sign bits again."""
        loaded = self._load()
        if loaded is None:
            return []
        _size, ids, vec, scale, bits = loaded
        query = np.asarray(query, dtype=np.float32)
        live = ids >= 0
        if allowed is not None:
            live &= np.isin(ids, np.fromiter(allowed, dtype=np.int64))
        if len(ids) > EXACT_LIMIT and allowed is None and pool is not None and "rows" in pool:
            rows = pool["rows"]
            scores = self._exact(rows, query, vec, scale)
        elif len(ids) > EXACT_LIMIT and allowed is None:
            qbits = np.packbits(query > 0)
            pad = (-bits.shape[1]) % 8
            words = np.asarray(bits)
            qwords = qbits
            if pad:
                words = np.pad(words, ((0, 0), (0, pad)))
                qwords = np.pad(qbits, (0, pad))
            words = words.view(np.uint64)
            counts = np.bitwise_count(words ^ qwords.view(np.uint64))
            # Column by column: numpy's sum along a 6-wide axis costs 5x these few vector adds.
            distance = counts[:, 0].astype(np.uint16)
            for column in range(1, counts.shape[1]):
                distance += counts[:, column]
            distance[~live] = np.iinfo(np.uint16).max
            take = min(PREFILTER, len(distance) - 1)
            rows = np.argpartition(distance, take)[: take + 1]
            if pool is not None:
                pool["rows"] = rows
            scores = self._exact(rows, query, vec, scale)
        else:
            rows = np.flatnonzero(live)
            if not len(rows):
                return []
            scores = (
                self._exact(None, query, vec, scale)[rows]
                if len(rows) > len(ids) // 2
                else self._exact(rows, query, vec, scale)
            )
        keep = min(limit, len(rows))
        best = np.argpartition(-scores, keep - 1)[:keep]
        best = best[np.argsort(-scores[best])]
        found = [(int(ids[rows[i]]), float(scores[i]), int(rows[i])) for i in best if ids[rows[i]] >= 0]
        if pool is not None:
            pool["row_of"] = {pk: row for pk, _s, row in found}  # vectors_for without a scan of the ids
        return [(pk, score) for pk, score, _row in found]

    def vectors_for(self, wanted: list[int], *, pool: dict | None = None) -> dict[int, np.ndarray]:
        """{id: float32 vector} of the wanted ids that have one. ``pool``: the dict of a search
        that returned them (its rows are used, no scan of the ids)."""
        loaded = self._load()
        if loaded is None:
            return {}
        _size, ids, vec, scale, _bits = loaded
        out = {}
        known = (pool or {}).get("row_of", {})
        if wanted and all(int(pk) in known for pk in wanted):
            rows = [known[int(pk)] for pk in wanted]
        elif len(wanted) <= 8:
            # A few ids (a match's source): one comparison pass each beats isin's sort at 1M rows.
            rows = [row for pk in wanted for row in np.flatnonzero(ids == int(pk))[-1:]]
        else:
            rows = np.flatnonzero(np.isin(ids, np.asarray(wanted, dtype=np.int64)))
        rows = np.asarray(rows, dtype=np.int64)
        for row, values in zip(rows.tolist(), vec.take(rows), strict=True):
            out[int(ids[row])] = values.astype(np.float32) * scale[row]
        return out


_stores: dict[str, VectorStore] = {}


def open_store(path: Path) -> VectorStore:
    with _lock:
        store = _stores.get(str(path))
        if store is None:
            store = _stores[str(path)] = VectorStore(path)
        return store
