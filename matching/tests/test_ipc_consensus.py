"""Issue 20: a record without IPC codes of its own (a demand) is placed in a technical field by
its first patent candidates (``engine.ipc_consensus``); a candidate in that field gains a little.
The consensus is read from what the viewer may see only."""

import pytest

from matching.engine import (
    IPC_CONSENSUS_DEPTH,
    WEIGHTS,
    Engine,
    Viewer,
    conditions_need_topic,
    consensus_part,
    ipc_consensus,
)
from matching.indexing import rebuild
from matching.selectors import score_breakdown
from matching.sources import Document

KIND = "ipc_test"


def doc(pk, ipc, title="专利"):
    return Document(kind=KIND, id=pk, title=title, text="", ipc=ipc)


def test_the_first_candidates_vote_for_their_subclasses_by_rank():
    ranked = [doc(1, ["H01M"]), doc(2, ["H01M"]), doc(3, ["C25B"]), doc(4, ["H01M", "B60L"]), doc(5, [])]
    shares = ipc_consensus(ranked)
    total = 1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5  # an uncoded candidate still takes its rank's weight
    assert shares["H01M"] == pytest.approx((1 + 1 / 2 + 1 / 4) / total, abs=1e-4)
    assert shares["C25B"] == pytest.approx((1 / 3) / total, abs=1e-4)
    assert shares["B60L"] == pytest.approx((1 / 4) / total, abs=1e-4)
    assert consensus_part(shares, doc(9, ["B60L", "H01M"])) == shares["H01M"]  # its best field
    assert consensus_part(shares, doc(9, ["G06Q"])) == 0.0
    assert consensus_part(shares, doc(9, [])) == 0.0
    # Only the first IPC_CONSENSUS_DEPTH vote.
    assert "G06Q" not in ipc_consensus(ranked + [doc(6, ["G06Q"])] * 3)
    assert IPC_CONSENSUS_DEPTH == 5


def test_no_field_without_at_least_two_coded_candidates():
    assert ipc_consensus([doc(1, ["H01M"]), doc(2, []), doc(3, [])]) == {}
    assert ipc_consensus([Document(kind="achievements", id=n, title="成果", text="") for n in range(5)]) == {}
    assert ipc_consensus([]) == {}


def test_the_consensus_counts_for_a_row_without_topical_reasons():
    """``conditions_need_topic`` scores a weak row by its retrieval rank: the consensus refines
    that rank (it comes from the retrievers' own results), so it still counts; a shared chain
    does not."""
    from matching.engine import Match

    row = Match(
        kind=KIND,
        id=1,
        title="",
        url="",
        score=0.0,
        parts={"fusion": 0.5, "ipc_consensus": 0.8, "chain": 1.0},
        reasons=["依据较弱：……"],
    )
    (ranked,) = conditions_need_topic([row])
    assert ranked.score == pytest.approx(0.5 + WEIGHTS["ipc_consensus"] * 0.8)
    assert ranked.uncounted == ["chain"]
    shown = {r["part"]: r for r in score_breakdown(ranked.parts, uncounted=ranked.uncounted)}
    assert shown["ipc_consensus"]["counted"] and shown["ipc_consensus"]["label"] == "IPC 小类与前列候选一致"


# Five patents about membrane electrodes in H01M head the list; below them one in G06Q that the
# keyword side ranks before another H01M patent.
PATENTS = [
    (1, "燃料电池膜电极催化层冷启动方法", ["H01M"]),
    (2, "燃料电池膜电极催化层制备方法", ["H01M"]),
    (3, "燃料电池膜电极冷启动装置", ["H01M"]),
    (4, "燃料电池膜电极催化层结构", ["H01M"]),
    (5, "燃料电池膜电极组件", ["H01M"]),
    (6, "燃料电池膜电极生产管理平台", ["G06Q"]),
    (7, "燃料电池电解质", ["H01M"]),
    (8, "一种水泵", ["F04D"]),
]
DEMAND = Document(kind="demands", id=-1, title="燃料电池膜电极催化层冷启动", text="")


def build(root, patents):
    docs = [Document(kind=KIND, id=pk, title=title, text="", ipc=ipc) for pk, title, ipc in patents]
    rebuild(kind=KIND, root=root, documents=iter(docs), with_vectors=False)
    return root


def test_a_candidate_in_the_field_of_the_first_results_moves_up(tmp_path):
    engine = Engine(root=build(tmp_path, PATENTS), mode="lexical")
    matches = engine.match(DEMAND, targets=[KIND], limit=10)
    by_id = {m.id: m for m in matches}
    outside, inside = by_id[6], by_id[7]
    # The keyword side alone puts the G06Q patent first; the field of the first five lifts the
    # H01M one above it.
    assert outside.parts["fusion"] > inside.parts["fusion"]
    assert "ipc_consensus" not in outside.parts
    assert inside.parts["ipc_consensus"] == pytest.approx(1.0)
    assert [m.id for m in matches].index(7) < [m.id for m in matches].index(6)
    assert inside.score == pytest.approx(inside.parts["fusion"] + WEIGHTS["ipc_consensus"])


def test_a_record_with_its_own_ipc_codes_uses_them_instead(tmp_path):
    engine = Engine(root=build(tmp_path, PATENTS), mode="lexical")
    source = Document(kind="patents", id=-2, title=DEMAND.title, text="", ipc=["G06Q"])
    matches = {m.id: m for m in engine.match(source, targets=[KIND], limit=10)}
    assert all("ipc_consensus" not in m.parts for m in matches.values())
    assert matches[6].parts["ipc"] == 0.5  # the same subclass as the record's own


def test_a_hidden_candidate_does_not_move_what_the_viewer_sees(tmp_path):
    """Who must NOT infer: a viewer who may not see patents 1-5 gets exactly the list, scores and
    parts of an index that never held them, so their fields move nothing they see."""
    hidden = {1, 2, 3, 4, 5}
    full = Engine(root=build(tmp_path / "full", PATENTS), mode="lexical")
    without = Engine(root=build(tmp_path / "without", [p for p in PATENTS if p[0] not in hidden]), mode="lexical")

    def allowed(kind, ids):
        return {pk for pk in ids if pk not in hidden}

    seen = full.match(DEMAND, targets=[KIND], limit=10, allowed=allowed, viewer=Viewer())
    baseline = without.match(DEMAND, targets=[KIND], limit=10, viewer=Viewer())
    assert [m.id for m in seen] == [m.id for m in baseline]
    for a, b in zip(seen, baseline, strict=True):
        assert a.parts.get("ipc_consensus") == b.parts.get("ipc_consensus")
    # What the hidden patents would have said: the H01M field, not visible here.
    assert all(m.parts.get("ipc_consensus", 0.0) < 1.0 for m in seen)
    assert {m.id: m.parts.get("ipc_consensus") for m in full.match(DEMAND, targets=[KIND], limit=10)}[7] == 1.0


def test_a_weak_patent_row_says_the_consensus_counts_too():
    """The weak-basis statement names what the score of such a row rests on: its search rank and,
    on a patent row with the part, the IPC consensus (``RETRIEVAL_PARTS``), not the rank alone."""
    from django.utils import translation

    from matching.engine import Match, weak_basis

    row = Match(kind="patents", id=1, title="", url="", score=0.0, parts={"fusion": 0.5, "ipc_consensus": 0.6})
    row.reasons = ["同属产业链：氢能"]
    assert "只按检索排名及 IPC 小类与前列候选一致的程度计分" in weak_basis(row)
    with translation.override("en"):
        assert "IPC subclass agrees with the top candidates" in weak_basis(row)
    del row.parts["ipc_consensus"]
    assert "只按检索排名计分" in weak_basis(row)
