"""Stored query-side vectors (issue 20): a published record of a source kind is matched with its
text embedded as a query (e5's "query: " side), stored when its passage vector is computed, so no
embedding runs at request time."""

import hashlib

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import workflow
from catalog.models import Demand, Expert
from matching import embedding, indexing
from matching.engine import Engine
from matching.indexing import query_vector_store, rebuild, vector_store
from matching.selectors import source_document
from matching.sources import Document

from .test_query_counts import MAX_PANEL_QUERIES


class FakeE5(embedding.Embedder):
    """A small asymmetric model: the same text gives different vectors as a query and as a
    passage (like e5's prefixes). ``refuse`` makes every call fail (request path checks)."""

    name, dim = "fake-e5", 16
    calls: list[tuple[str, str]] = []
    refuse = False

    def _vector(self, side: str, text: str) -> np.ndarray:
        if FakeE5.refuse:
            raise AssertionError(f"embedded at request time ({side}: {text[:20]})")
        FakeE5.calls.append((side, text))
        seed = int(hashlib.sha1(f"{side}:{text}".encode()).hexdigest()[:8], 16)
        v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def passages(self, texts):
        return np.stack([self._vector("passage", t) for t in texts])

    def query(self, text):
        return self._vector("query", text)


@pytest.fixture
def model(settings, monkeypatch):
    monkeypatch.setitem(embedding._KINDS, FakeE5.name, FakeE5)
    monkeypatch.setattr(FakeE5, "calls", [])
    monkeypatch.setattr(FakeE5, "refuse", False)
    embedding._load.cache_clear()
    settings.MATCHING_EMBEDDER = FakeE5.name
    yield FakeE5
    embedding._load.cache_clear()


def _as_query(title: str, text: str) -> np.ndarray:
    return FakeE5().query(embedding.embed_text(title, text))


@pytest.mark.django_db
def test_a_published_records_panel_uses_its_stored_query_vector(client, model, market, member):
    demand = market["demand"]
    stored = query_vector_store("demands").vectors_for([demand.pk])[demand.pk]
    expected = _as_query(demand.title, source_document("demands", demand.pk).text)
    assert np.allclose(stored, expected, atol=0.02)  # int8 with a per-row scale
    # The achievements (a source kind too) got theirs on publish as well.
    assert market["good"].pk in query_vector_store("achievements").ids()

    model.refuse = True  # any embedding from here on fails the test
    doc = source_document("demands", demand.pk)
    vector = Engine().query_vector(doc)
    assert np.allclose(vector, stored)
    assert not np.allclose(vector, vector_store("demands").vectors_for([demand.pk])[demand.pk], atol=0.05)
    client.force_login(member)
    url = reverse("matching:panel", kwargs={"kind": "demands", "pk": demand.pk})
    client.get(url, HTTP_HX_REQUEST="true")  # warm per-process caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "长寿命氢燃料电池电堆技术" in response.content.decode()
    assert len(ctx.captured_queries) <= MAX_PANEL_QUERIES


@pytest.mark.django_db
def test_a_record_without_a_query_vector_falls_back_to_its_passage_vector_then_embeds(model):
    passage = np.zeros(FakeE5.dim, dtype=np.float32)
    passage[:2] = [0.6, 0.8]
    store = vector_store("demands")
    store.reset(model=model.name, dim=model.dim)
    store.write([7], passage[None, :])  # embedded before query vectors existed
    model.refuse = True
    published = Document(kind="demands", id=7, title="氢燃料电池", text="")
    assert np.allclose(Engine().query_vector(published), passage, atol=0.01)

    model.refuse = False
    draft = Document(kind="demands", id=8, title="氢燃料电池电堆", text="寿命")
    assert np.allclose(Engine().query_vector(draft), _as_query("氢燃料电池电堆", "寿命"))
    assert model.calls[-1][0] == "query"


@pytest.mark.django_db
def test_backfill_and_rebuild_fill_the_query_store_of_source_kinds_only(model, settings, make_record, publish):
    settings.MATCHING_EMBEDDER = "none"  # published as load_demo leaves them: no vectors
    demand = make_record(Demand, status="submitted", title="储能电池热管理", problem="电芯温差大")
    expert = make_record(Expert, status="submitted", title="热管理专家", fields_of_work="储能电池热管理")
    publish(demand), publish(expert)
    assert not query_vector_store("demands").meta

    settings.MATCHING_EMBEDDER = model.name
    model.calls.clear()
    assert indexing.backfill_vectors(kinds=["demands", "experts"]) == {"demands": 1, "experts": 1}
    # Every library's passage vectors first (they turn semantic matching on), query vectors last.
    assert [side for side, _t in model.calls] == ["passage", "passage", "query"]
    assert query_vector_store("demands").ids() == {demand.pk} == vector_store("demands").ids()
    # Experts are only ever targets: passage vectors, no query vectors.
    assert not indexing.is_source("experts") and not query_vector_store("experts").meta
    assert vector_store("experts").ids() == {expert.pk}

    # An upgrade: passage vectors present, query vectors missing. The backfill adds only those.
    query_vector_store("demands").write([], None, remove_ids=[demand.pk])
    model.calls.clear()
    assert indexing.backfill_vectors(kinds=["demands"]) == {"demands": 1}
    assert [side for side, _t in model.calls] == ["query"]
    assert query_vector_store("demands").ids() == {demand.pk}

    live = indexing.index.kind_dir("demands")
    assert rebuild(kind="demands") == 1
    assert indexing.index.kind_dir("demands") != live  # a new generation, swapped in whole
    assert query_vector_store("demands").ids() == {demand.pk}
    assert query_vector_store("demands").meta["model"] == model.name


@pytest.mark.django_db
def test_withdrawing_removes_both_vectors(model, make_record, publish, operator, django_capture_on_commit_callbacks):
    demand = make_record(Demand, status="submitted", title="光伏组件清洗机器人", problem="无水清洗")
    publish(demand)
    assert demand.pk in vector_store("demands").ids() and demand.pk in query_vector_store("demands").ids()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(record=demand, action="archive", by=operator)
    assert demand.pk not in vector_store("demands").ids()
    assert demand.pk not in query_vector_store("demands").ids()


def _docs(n):
    return [Document(kind="demands", id=i + 1, title=f"氢燃料电池电堆{i}", text="低温冷启动") for i in range(n)]


def test_an_interrupted_rebuild_resumes_its_query_vectors(model, tmp_path):
    def failing():
        for n, doc in enumerate(_docs(30)):
            if n == 25:
                raise KeyboardInterrupt
            yield doc

    with pytest.raises(KeyboardInterrupt):
        rebuild(kind="demands", root=tmp_path, documents=failing(), batch=10, checkpoint=10)
    assert not (tmp_path / "demands").exists()  # nothing live yet: the first build is still unfinished
    model.calls.clear()
    stats = {}
    assert rebuild(kind="demands", root=tmp_path, documents=iter(_docs(30)), batch=10, checkpoint=10, stats=stats) == 30
    # The records checkpointed before the interruption are not embedded again, either side.
    assert stats["resumed"] >= 10
    redone = sorted(embedding.embed_text(d.title, d.text) for d in _docs(30)[stats["resumed"] :])
    assert sorted(t for side, t in model.calls if side == "query") == redone
    assert sorted(t for side, t in model.calls if side == "passage") == redone
    assert query_vector_store("demands", tmp_path).ids() == set(range(1, 31))
    assert vector_store("demands", tmp_path).ids() == set(range(1, 31))
