"""Issue 20: the lexical side weighs more where the target records' texts run on beyond what
their vectors embed (``engine.lexical_weight_for``): a record's vector sees its title and the
first ``embedding.EMBED_CHARS`` characters of its text, the lexical index reads all of it."""

import numpy as np
import pytest

from matching import engine
from matching.embedding import EMBED_CHARS
from matching.engine import LEXICAL_WEIGHT, UNSEEN_HITS, Engine, fuse, lexical_weight_for
from matching.indexing import rebuild, vector_store
from matching.sources import Document


def test_titles_only_keep_the_tuned_weight():
    assert lexical_weight_for([]) == LEXICAL_WEIGHT
    assert lexical_weight_for(["", "", None]) == LEXICAL_WEIGHT
    # A text no longer than what the vector embeds hides nothing from the semantic side.
    assert lexical_weight_for(["短" * EMBED_CHARS] * 5) == LEXICAL_WEIGHT


def test_weight_grows_with_the_share_of_text_the_vectors_do_not_see():
    weights = [lexical_weight_for(["长" * n] * UNSEEN_HITS) for n in (EMBED_CHARS * 2, EMBED_CHARS * 4, 10_000)]
    assert LEXICAL_WEIGHT < weights[0] < weights[1] < weights[2] < 2 * LEXICAL_WEIGHT
    assert weights[0] == pytest.approx(LEXICAL_WEIGHT * 1.5)
    # Half the hits are titles only: half the lift.
    mixed = lexical_weight_for(["长" * (EMBED_CHARS * 2), ""] * UNSEEN_HITS)
    assert mixed == pytest.approx(LEXICAL_WEIGHT * 1.25)
    # Only the first UNSEEN_HITS hits are read.
    assert lexical_weight_for([""] * UNSEEN_HITS + ["长" * 10_000] * 20) == LEXICAL_WEIGHT


def test_on_long_texts_the_first_lexical_hit_overtakes_a_document_the_semantic_side_prefers():
    # Both retrievers found 1 and 2: the lexical side ranks 1 first, the semantic side 2 (5th
    # against 8th). On titles the semantic side decides; where the lexical side read abstracts
    # that the vectors did not see, its first hit comes first.
    lexical = [(1, 9.0), (50, 8.0), (2, 7.5)]
    semantic = [(60, 0.93), (61, 0.93), (62, 0.92), (63, 0.92), (2, 0.92), (64, 0.91), (65, 0.91), (1, 0.91)]

    def first(weight):
        fused, _z, _best = fuse(lexical, semantic, lexical_weight=weight)
        return max(fused, key=fused.get)

    assert first(lexical_weight_for(["" for _ in lexical])) == 2
    assert first(lexical_weight_for(["摘要" * 400 for _ in lexical])) == 1


@pytest.fixture
def root(tmp_path):
    rng = np.random.default_rng(20)
    for kind, text in (("titled", ""), ("bodied", "膜电极的冷启动性能与催化层结构。" * 30)):
        docs = [Document(kind=kind, id=n, title=f"燃料电池膜电极低温冷启动方法{n}", text=text) for n in range(1, 21)]
        rebuild(kind=kind, root=tmp_path, documents=iter(docs), with_vectors=False)
        store = vector_store(kind, tmp_path)
        store.reset(model="test", dim=8)
        store.write([d.id for d in docs], rng.standard_normal((len(docs), 8)).astype(np.float32))
    return tmp_path


def test_engine_weighs_the_lexical_side_by_its_hits_texts(root, monkeypatch):
    used = {}
    real = engine.fuse_with_feedback

    def recording(lexical, query_vector, store, **kwargs):
        used[len(used)] = kwargs.get("lexical_weight")
        return real(lexical, query_vector, store, **kwargs)

    monkeypatch.setattr(engine, "fuse_with_feedback", recording)
    query = np.ones(8, dtype=np.float32) / np.sqrt(8)
    for kind in ("titled", "bodied"):
        fused, _payloads, _info, _best = Engine(root=root).candidates(
            kind, terms=["膜电极", "冷启动"], ipc=[], query_vector=query
        )
        assert fused
    assert used[0] == LEXICAL_WEIGHT
    assert used[1] > 1.5 * LEXICAL_WEIGHT
