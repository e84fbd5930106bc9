"""Try-out: right after load_demo 21 of 4,021 achievements had vectors; the closest of those few
"stood out" and an unrelated paper read 语义较接近…明显高于其他候选. The semantic side takes part for
a kind only when most of its indexed records have vectors (``engine.semantic_ready``)."""

import numpy as np
import pytest

from matching.engine import SEMANTIC_MIN_COVERAGE, Engine, semantic_ready
from matching.indexing import rebuild, vector_store
from matching.sources import Document

from .test_query_vectors import model  # noqa: F401  (fixture: a small fake e5 model)

KIND = "coverage_test"
N = 40


def build(root, embedded: int):
    docs = [Document(kind=KIND, id=n, title=f"燃料电池膜电极低温冷启动方法{n}", text="") for n in range(1, N + 1)]
    rebuild(kind=KIND, root=root, documents=iter(docs), with_vectors=False)
    store = vector_store(KIND, root)
    store.reset(model="test", dim=8)
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((embedded, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.write(list(range(1, embedded + 1)), vectors)
    return store


def candidates(root):
    query = np.ones(8, dtype=np.float32) / np.sqrt(8)
    _fused, _payloads, info, _best = Engine(root=root).candidates(KIND, terms=["冷启动"], ipc=[], query_vector=query)
    return info


def test_a_few_embedded_records_do_not_make_a_semantic_side(tmp_path):
    store = build(tmp_path, embedded=5)
    assert not semantic_ready(KIND, store, tmp_path)
    info = candidates(tmp_path)
    assert info and all("semantic" not in row and "semantic_unconfirmed" not in row for row in info.values())


def test_a_mostly_embedded_library_has_its_semantic_side(tmp_path):
    embedded = int(np.ceil(SEMANTIC_MIN_COVERAGE * N))
    store = build(tmp_path, embedded=embedded)
    assert semantic_ready(KIND, store, tmp_path)
    assert any("semantic" in row for row in candidates(tmp_path).values())


@pytest.mark.django_db
@pytest.mark.usefixtures("model")
def test_status_page_says_which_libraries_are_keyword_only(client, operator, market):
    """The operator reads why matches are keyword-only during a backfill: the library's coverage
    is marked and a note gives the rule; a fully embedded library is not marked."""
    from django.urls import reverse

    from matching.indexing import vector_store as store_of
    from matching.selectors import engine_status

    rows = {k["kind"]: k for k in engine_status()["kinds"]}
    assert not rows["achievements"]["keyword_only"] and not rows["demands"]["keyword_only"]
    achievements = store_of("achievements")
    ids = sorted(achievements.ids())
    achievements.write([], None, remove_ids=ids[1:])  # one left: as right after load_demo
    status = engine_status()
    rows = {k["kind"]: k for k in status["kinds"]}
    assert rows["achievements"]["keyword_only"] and not rows["demands"]["keyword_only"]
    assert status["keyword_only"] and status["min_coverage"] == 90
    client.force_login(operator)
    html = client.get(reverse("matching:status")).content.decode()
    assert 'id="status-coverage-note"' in html and "暂只按关键词匹配" in html
