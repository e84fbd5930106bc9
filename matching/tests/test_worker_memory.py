"""Issue 19, one worker's resident memory: the index and vector files are read without staying
mapped into the worker (``index.release_mapped_pages``, run by gunicorn's ``post_request``; the
int8 rows of the vector store read with ``pread``), and a keyword search reads the stored
documents of the shown records only."""

import runpy
import sys
from pathlib import Path

import numpy as np
import pytest

from matching import index
from matching.backend import Highlights
from matching.indexing import rebuild
from matching.sources import Document
from matching.vectors import VectorStore, quantise

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps")

TITLES = ["氢燃料电池电堆寿命", "光伏组件清洗机器人", "钙钛矿太阳能电池", "智能网联汽车域控制器", "储能电池热管理"]


def _docs(n):
    return [
        Document(kind="bench", id=i + 1, title=TITLES[i % 5] + str(i), text=TITLES[(i + 2) % 5] * 40) for i in range(n)
    ]


def _resident_kib(paths_under: Path) -> int:
    """KiB of this process's resident pages mapped from files under ``paths_under``."""
    prefix = str(paths_under.resolve())
    total, counting = 0, False
    with open("/proc/self/smaps") as handle:
        for line in handle:
            head = line.split()
            if "-" in head[0] and ":" not in head[0]:
                counting = len(head) >= 6 and head[5].startswith(prefix)
            elif counting and head[0] == "Rss:":
                total += int(head[1])
    return total


@linux_only
def test_release_unmaps_the_index_pages_and_search_answers_the_same(tmp_path):
    rebuild(kind="bench", root=tmp_path, documents=iter(_docs(400)), batch=100, workers=1)
    kind_index = index.open_index("bench", tmp_path)
    before = kind_index.search(["电池"], limit=500)
    assert len(before) > 100 and all(payload for _pk, _s, payload in before)
    assert index.mapped_files(tmp_path), "tantivy maps its segment files"
    assert _resident_kib(tmp_path) > 0
    assert index.release_mapped_pages(tmp_path) > 0
    assert _resident_kib(tmp_path) == 0
    # The files stay mapped (and cached): the same search gives the same hits and payloads.
    assert kind_index.search(["电池"], limit=500) == before
    assert kind_index.get([7])[7]["title"] == TITLES[6 % 5] + "6"


def test_vector_rows_are_read_not_mapped(tmp_path):
    rng = np.random.default_rng(19)
    vectors = rng.standard_normal((300, 24)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = VectorStore(tmp_path / "vectors")
    store.reset(model="test", dim=24)
    store.write(list(range(1, 301)), vectors)
    q, scale = quantise(vectors)
    expected = (q.astype(np.float32) @ vectors[41]) * scale
    # Whole store (blocks), a few rows (one read each), many rows (blocks again).
    for allowed in (None, {5, 42, 99}, set(range(1, 200))):
        got = store.search(vectors[41], limit=300, allowed=allowed)
        wanted = allowed or set(range(1, 301))
        assert [pk for pk, _s in got][0] == 42
        assert {pk for pk, _s in got} == wanted
        assert all(abs(score - expected[pk - 1]) < 1e-4 for pk, score in got)
    found = store.vectors_for([3, 300, 42])
    for pk in (3, 300, 42):
        assert np.allclose(found[pk], q[pk - 1] * scale[pk - 1])
    if sys.platform.startswith("linux"):
        mapped = {Path(path).name for _start, _end, path in index.mapped_files(tmp_path)}
        assert "vec.i8" not in mapped


def test_highlights_decode_only_the_payloads_of_the_records_shown(tmp_path, settings):
    settings.SEARCH_INDEX_DIR = tmp_path
    rebuild(kind="bench", root=tmp_path, documents=iter(_docs(50)), batch=50, workers=1)
    hits, payloads = index.open_index("bench").search_lazy(["电池"], limit=50, keep=50)
    assert len(hits) > 10 and payloads.decoded == 0
    highlights = Highlights(payloads, ["电池"])
    first = hits[0][0]
    assert "<mark>电池</mark>" in highlights.get(first)
    highlights.get(first)
    assert payloads.decoded == 1
    assert highlights.get(10**6, "none") == "none" and payloads.decoded == 1  # not a hit: nothing read


def test_gunicorn_post_request_releases_and_trims_without_error(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path
    rebuild(kind="bench", root=tmp_path, documents=iter(_docs(50)), batch=50, workers=1)
    index.open_index("bench").search(["电池"], limit=50)
    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    import gc

    gc.enable()  # the file turns collections off for the master's imports
    assert conf["RELEASE_EVERY"] >= 1
    for _ in range(conf["TRIM_EVERY"]):
        conf["post_request"](None, None, {}, None)
    if sys.platform.startswith("linux"):
        assert _resident_kib(tmp_path) == 0


def test_gunicorn_reuses_the_index_modules_c_library_loader(monkeypatch):
    """gunicorn.conf.py loaded the C library a second time beside ``matching.index``; it trims
    the heap with ``index.trim_heap`` now, which reads the one cached ``index.libc()``."""
    source = (Path(__file__).resolve().parents[2] / "gunicorn.conf.py").read_text()
    assert "ctypes" not in source and "CDLL" not in source
    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    import gc

    gc.enable()
    calls = []
    monkeypatch.setattr(index, "trim_heap", lambda: calls.append(1) or True)
    monkeypatch.setattr(index, "release_mapped_pages", lambda: 0)
    for _ in range(conf["TRIM_EVERY"]):
        conf["post_request"](None, None, {}, None)
    assert calls == [1]  # once per TRIM_EVERY requests
    assert index.libc() is index.libc()  # loaded once per process
    if sys.platform.startswith("linux"):
        assert index.trim_heap() in (True, False) and index._madvise_function() is not None
