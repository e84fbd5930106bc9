"""Issue 20: pseudo-relevance feedback on the semantic side (``engine.fuse_with_feedback``).

The record's vector moves towards the documents both retrievers agree on at the top; a
semantic-only candidate that is merely close to the record's wording (a policy study for a
bipolar-plate demand) no longer stands out, and a strong lexical hit keeps its place."""

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
    fields. Document 7: a patent whose title names the part exactly but whose vector is elsewhere."""
    rng = np.random.default_rng(20)
    vectors = {pk: _unit(0.8 * _axis(0) + 0.6 * _axis(1) + 0.05 * rng.standard_normal(DIM)) for pk in (1, 2, 3, 4)}
    vectors[10] = _unit(0.9 * _axis(0) + 0.44 * _axis(2))
    vectors[7] = _unit(_axis(5) + 0.2 * _axis(0))
    for pk in range(20, 50):
        vectors[pk] = _unit(0.55 * _axis(0) + rng.standard_normal(DIM) * 0.35 + _axis(3 + pk % 10))
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


def test_no_agreement_no_second_search(store):
    lexical = [(7, 12.0)]  # the lexical side shares nothing with the semantic top
    fused, _z, _best, semantic = fuse_with_feedback(lexical, QUERY, store, limit=50)
    assert store.searches == 1
    assert (fused, semantic) == (fuse(lexical, store.search(QUERY, limit=50))[0], store.search(QUERY, limit=50))


def test_semantic_only_candidate_must_agree_with_what_both_sides_found(store):
    # The lexical side finds the bipolar-plate documents (and the exact patent 7).
    lexical = [(7, 14.0), (1, 12.0), (2, 11.0), (3, 10.0)]
    before = store.search(QUERY, limit=50)
    z_before = dict(zip([pk for pk, _s in before], engine.standout([s for _pk, s in before]), strict=True))
    # Without feedback the policy study is the semantic side's first and stands out: it would be
    # shown with "语义较接近" although it shares no term with the demand.
    assert before[0][0] == 10 and z_before[10] >= SEMANTIC_REASON_Z[1]
    fused, z, _best, semantic = fuse_with_feedback(lexical, QUERY, store, limit=50)
    assert store.searches == 3  # the test's own search, then the first and the feedback search
    ranked = _ranked(fused)
    # After feedback the semantic side's first four are the bipolar-plate documents, including
    # the one no keyword found (4), and they all come before the policy study.
    assert {pk for pk, _s in semantic[:4]} == {1, 2, 3, 4}
    assert all(z[pk] > z[10] for pk in (1, 2, 3, 4))
    assert all(ranked.index(pk) < ranked.index(10) for pk in (1, 2, 3, 4))


def test_strong_lexical_hit_still_ranks_high_after_feedback(store):
    # Patent 7 names the part exactly (BM25 far above the rest) but its vector is elsewhere: after
    # feedback it still comes before every semantic-only candidate.
    lexical = [(7, 14.0), (1, 6.0), (2, 5.5), (3, 5.0)]
    fused, _z, _best, semantic = fuse_with_feedback(lexical, QUERY, store, limit=50)
    ranked = _ranked(fused)
    semantic_only = [pk for pk, _s in semantic if pk not in {p for p, _x in lexical}]
    assert 7 not in {pk for pk, _s in semantic[:10]}
    assert all(ranked.index(7) < ranked.index(pk) for pk in semantic_only if pk != 4)
    assert ranked.index(7) < 5


def test_large_store_feedback_rescores_the_first_searchs_rows(store, monkeypatch):
    from matching import vectors

    lexical = [(7, 14.0), (1, 12.0), (2, 11.0), (3, 10.0)]
    exact = fuse_with_feedback(lexical, QUERY, store, limit=50)
    # Above EXACT_LIMIT rows the sign-bit pre-filter runs once; the feedback search rescores the
    # rows it kept (here all of them), with the same result as the exact scans.
    monkeypatch.setattr(vectors, "EXACT_LIMIT", 10)
    pool: dict = {}
    first = store.search(QUERY, limit=50, pool=pool)
    assert len(pool["rows"]) == store.count()
    assert [pk for pk, _s in first] == [pk for pk, _s in store.search(QUERY, limit=50)]
    assert fuse_with_feedback(lexical, QUERY, store, limit=50)[0] == exact[0]
    # The found rows give the agreed documents' vectors without a scan of the ids.
    top = [pk for pk, _s in first[:5]]
    by_rows, scanned = store.vectors_for(top, pool=pool), store.vectors_for(top)
    assert set(pool["row_of"]) >= set(top) and all(np.array_equal(by_rows[pk], scanned[pk]) for pk in top)
