"""Issue 20 item 5: a semantic-only candidate must earn its place (``engine.fuse_with_feedback``).

When both retrievers agree on some of the top, a semantic-only candidate that is merely close to
the record's wording (a policy study for a bipolar-plate demand) counts fully only when it is also
close to what both sides found; the optional pseudo-relevance feedback (off by default) moves the
record's vector towards those documents; a strong lexical hit keeps its place either way."""

import numpy as np
import pytest

from matching import engine
from matching.engine import SEMANTIC_REASON_Z, feedback_documents, fuse, fuse_with_feedback
from matching.vectors import VectorStore

DIM = 16


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def _axis(n: int) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[n] = 1.0
    return v


class CountingStore(VectorStore):
    searches = 0

    def search(self, query, **kwargs):
        self.searches += 1
        return super().search(query, **kwargs)


@pytest.fixture
def store(tmp_path):
    """The record's vector is mostly axis 0 (its wording: 燃料电池双极板…). Documents 1-4: bipolar
    plates (axis 0 and the topic axis 1). Document 10: a policy study on the hydrogen industry,
    nearer to the record's wording than any of them (axis 0 and axis 2). Documents 20-49: other
    fuel-cell work, nearer to the topic than to the record's wording. Document 7: a patent whose title
    names the part exactly but whose vector is elsewhere."""
    rng = np.random.default_rng(20)
    vectors = {pk: _unit(0.8 * _axis(0) + 0.6 * _axis(1) + 0.05 * rng.standard_normal(DIM)) for pk in (1, 2, 3, 4)}
    vectors[10] = _unit(0.9 * _axis(0) + 0.44 * _axis(2))
    vectors[7] = _unit(_axis(5) + 0.2 * _axis(0))
    for pk in range(20, 50):
        vectors[pk] = _unit(0.35 * _axis(0) + 0.9 * _axis(1) + 0.1 * rng.standard_normal(DIM))
    s = CountingStore(tmp_path / "vectors")
    s.reset(model="test", dim=DIM)
    s.write(list(vectors), np.stack(list(vectors.values())))
    return s


QUERY = _unit(_axis(0) + 0.1 * _axis(1))


def _ranked(fused: dict[int, float]) -> list[int]:
    return [pk for pk, _s in sorted(fused.items(), key=lambda item: -item[1])]


def test_feedback_only_when_the_top_results_agree():
    lexical = [(1, 9.0), (2, 8.0), (3, 7.0)]
    disjoint = [(10, 0.95), (11, 0.94), (12, 0.93)]
    fused, _z, _best = fuse(lexical, disjoint)
    assert feedback_documents(lexical, disjoint, fused) == []
    # One shared document is not agreement either (FEEDBACK_MIN = 2).
    one = [(1, 0.95), (11, 0.94), (12, 0.93)]
    assert feedback_documents(lexical, one, fuse(lexical, one)[0]) == []
    shared = [(2, 0.95), (1, 0.94), (12, 0.93)]
    agreed = feedback_documents(lexical, shared, fuse(lexical, shared)[0])
    assert set(agreed) == {1, 2} and len(agreed) <= engine.FEEDBACK_DOCS


def test_no_agreement_no_change(store):
    lexical = [(7, 12.0)]  # the lexical side shares nothing with the semantic top
    fused, _z, _best, semantic, _unconfirmed = fuse_with_feedback(lexical, QUERY, store, limit=50, feedback_weight=1.0)
    assert store.searches == 1
    assert (fused, semantic) == (fuse(lexical, store.search(QUERY, limit=50))[0], store.search(QUERY, limit=50))


def test_semantic_only_candidate_must_agree_with_what_both_sides_found(store):
    # The lexical side finds the bipolar-plate documents (and the exact patent 7).
    lexical = [(7, 14.0), (1, 12.0), (2, 11.0), (3, 10.0)]
    before = store.search(QUERY, limit=20)  # patent 7 is not among them, as in a large store
    # The policy study is the semantic side's first and stands out: without the agreement check it
    # counts fully and comes before the bipolar-plate documents, shown with "语义较接近" although
    # it shares no term with the demand.
    plain, z, _best = fuse(lexical, before)
    assert before[0][0] == 10 and z[10] >= SEMANTIC_REASON_Z[1]
    assert _ranked(plain).index(10) < _ranked(plain).index(4)
    fused, _z, _best, _semantic, unconfirmed = fuse_with_feedback(lexical, QUERY, store, limit=20)
    ranked = _ranked(fused)
    # Now it is counted like the semantic-only candidates that do not stand out: every document
    # both sides found, and the bipolar-plate document only the semantic side found (4), come first.
    assert all(ranked.index(pk) < ranked.index(10) for pk in (1, 2, 3, 4))
    assert fused[10] == pytest.approx(engine.SEMANTIC_ONLY_FACTOR / (engine.RRF_K + 1))
    # Its closeness is to the wording, not the topic: flagged, so it is not a reason.
    assert 10 in unconfirmed and not unconfirmed & {1, 2, 3, 4}
    assert store.searches == 2  # the test's own search and one in fuse_with_feedback: no feedback search


def test_optional_feedback_moves_the_query_towards_the_agreed_documents(store):
    lexical = [(7, 14.0), (1, 12.0), (2, 11.0), (3, 10.0)]
    fused, z, _best, semantic, _unconfirmed = fuse_with_feedback(lexical, QUERY, store, limit=50, feedback_weight=1.0)
    assert store.searches == 2  # the first search and the feedback search
    # The semantic side's first four are now the bipolar-plate documents, including the one no
    # keyword found (4), and the policy study no longer leads it.
    assert {pk for pk, _s in semantic[:4]} == {1, 2, 3, 4}
    assert all(z[pk] > z[10] for pk in (1, 2, 3, 4))


@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_strong_lexical_hit_still_ranks_high(store, weight):
    # Patent 7 names the part exactly (BM25 far above the rest) but its vector is elsewhere: with
    # or without feedback it comes before every semantic-only candidate.
    lexical = [(7, 14.0), (1, 6.0), (2, 5.5), (3, 5.0)]
    fused, _z, _best, semantic, _unconfirmed = fuse_with_feedback(
        lexical, QUERY, store, limit=20, feedback_weight=weight
    )
    ranked = _ranked(fused)
    semantic_only = [pk for pk, _s in semantic if pk not in {p for p, _x in lexical}]
    assert 7 not in {pk for pk, _s in semantic[:10]}
    assert all(ranked.index(7) < ranked.index(pk) for pk in semantic_only if pk != 4)
    assert ranked.index(7) < 5


def test_large_store_feedback_rescores_the_first_searchs_rows(store, monkeypatch):
    from matching import vectors

    lexical = [(7, 14.0), (1, 12.0), (2, 11.0), (3, 10.0)]
    exact = fuse_with_feedback(lexical, QUERY, store, limit=50, feedback_weight=1.0)
    # Above EXACT_LIMIT rows the sign-bit pre-filter runs once; the feedback search rescores the
    # rows it kept (here all of them), with the same result as the exact scans.
    monkeypatch.setattr(vectors, "EXACT_LIMIT", 10)
    pool: dict = {}
    first = store.search(QUERY, limit=50, pool=pool)
    assert len(pool["rows"]) == store.count()
    assert [pk for pk, _s in first] == [pk for pk, _s in store.search(QUERY, limit=50)]
    assert fuse_with_feedback(lexical, QUERY, store, limit=50, feedback_weight=1.0)[0] == exact[0]
    # The found rows give the agreed documents' vectors without a scan of the ids.
    top = [pk for pk, _s in first[:5]]
    by_rows, scanned = store.vectors_for(top, pool=pool), store.vectors_for(top)
    assert set(pool["row_of"]) >= set(top) and all(np.array_equal(by_rows[pk], scanned[pk]) for pk in top)


def test_unconfirmed_closeness_is_not_a_reason():
    from matching.engine import Engine, Match
    from matching.sources import Document

    source = Document(kind="demands", id=1, title="燃料电池双极板耐腐蚀涂层", text="")
    target = Document(kind="reports", id=10, title="氢能产业发展政策研究", text="")
    words = {"title": set(), "text": set()}
    for info, shown in (
        ({"semantic": 0.91, "semantic_z": 3.0}, True),
        ({"semantic": 0.91, "semantic_z": 3.0, "semantic_unconfirmed": True}, False),
    ):
        m = Match(
            kind="reports", id=10, title=target.title, url="", score=1.0, parts={"semantic": 0.91, "semantic_z": 3.0}
        )
        m = Engine()._explain(m, source, words, target, info, {}, None)
        assert any(r.startswith("语义") for r in m.reasons) == shown
        assert ("semantic_standout" in m.signals) == shown
