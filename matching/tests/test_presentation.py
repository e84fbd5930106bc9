"""Issue 20, a broker's try-out of the match panel: the score breakdown is in words (Chinese and
English) with its scale, in the panel and the API; no row is empty of reasons; the measurement of
reason kinds (``reason_report``) reads what is shown."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from matching.engine import Match
from matching.reason_report import ReasonReport, reason_kind
from matching.selectors import PART_LABELS, score_breakdown

RAW = ("fusion=", "bm25=", "semantic_z=", "chain=")


def test_every_part_the_engine_writes_has_words_in_both_languages():
    from matching.engine import WEIGHTS

    engine_parts = {n for n in WEIGHTS if not n.startswith("talent_")} | {"bm25", "semantic", "semantic_z"}
    assert engine_parts <= set(PART_LABELS)
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            for name, (label, note) in PART_LABELS.items():
                label, note = str(label), str(note)
                assert label and note and (lang == "en" or name not in label)
                # English has no Chinese left, Chinese is not the English words.
                assert (lang == "en") == label.isascii(), (lang, name, label)


def test_breakdown_orders_score_parts_first_and_marks_reference_values():
    rows = score_breakdown({"fusion": 0.8, "bm25": 5.1, "chain": 1.0, "semantic": 0.91, "semantic_z": 2.0})
    assert [r["part"] for r in rows] == ["fusion", "chain", "bm25", "semantic", "semantic_z"]
    assert rows[0]["label"] == "检索排名" and rows[0]["points"] == 0.8
    assert rows[1]["label"] == "同属产业链" and rows[1]["weight"] == 0.15 and rows[1]["points"] == 0.15
    assert rows[2]["weight"] is None and rows[2]["points"] is None and "不计入得分" in rows[2]["note"]
    with translation.override("en"):
        assert score_breakdown({"semantic_z": 2.0})[0]["label"] == "How much the closeness stands out"
    # A part nobody gave words to shows its name rather than nothing.
    assert score_breakdown({"talent_x": 1.0})[0]["label"] == "talent_x"


@pytest.mark.django_db
def test_panel_prints_labels_and_the_scale_not_raw_part_names(client, market):
    demand = market["demand"]
    url = reverse("matching:panel", kwargs={"kind": "demands", "pk": demand.pk})
    html = client.get(url).content.decode()
    assert "得分构成" in html and "检索排名" in html and "同属产业链" in html
    assert "不是百分比" in html and "两路检索都排第一为 1" in html
    assert not any(raw in html for raw in RAW)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Score breakdown" in english and "Search rank" in english and "not a percentage" in english
    assert not any(raw in english for raw in RAW)


@pytest.mark.django_db
def test_api_gives_the_breakdown_in_words_and_the_evidence(client, market):
    demand = market["demand"]
    url = reverse("matching-matches", kwargs={"kind": "demands", "pk": demand.pk})
    data = client.get(url).json()
    top = data["matches"][0]
    assert top["id"] == market["good"].pk and top["evidence"] == ["keyword"]
    assert {r["part"] for r in top["breakdown"]} == set(top["parts"])
    fusion = next(r for r in top["breakdown"] if r["part"] == "fusion")
    assert fusion["label"] == "检索排名" and fusion["value"] == top["parts"]["fusion"]
    # Every match says what it rests on: a topical reason, or a plain 依据较弱 statement first.
    for m in data["matches"]:
        assert m["reasons"], m
        assert bool(m["evidence"]) or m["reasons"][0].startswith("依据较弱"), m
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["matches"][0]["breakdown"]
    assert next(r for r in english if r["part"] == "fusion")["label"] == "Search rank"


@pytest.mark.django_db
def test_a_match_resting_on_nothing_is_not_shown_one_resting_on_a_condition_says_so(
    client, market, make_record, publish
):
    """Issue 20 (broker's try-out): a candidate without a topical reason. Sharing only common
    words (提升, 需要) it rests on nothing and is not shown (none such was useful on the dev set);
    with a cooperation mode in common it is shown, its first reason saying what it rests on."""
    from catalog.models import Achievement

    bare = make_record(Achievement, status="submitted", title="提升产品包装效率的方法", body="需要提升包装线效率")
    conditioned = make_record(
        Achievement,
        status="submitted",
        title="提升仓储管理效率的方法",
        body="需要提升仓储效率",
        cooperation_modes=["pay_after_use"],
    )
    for record in (bare, conditioned):
        publish(record)
    demand = market["demand"]
    data = client.get(reverse("matching-matches", kwargs={"kind": "demands", "pk": demand.pk}) + "?limit=50").json()
    rows = {m["id"]: m for m in data["matches"]}
    assert bare.pk not in rows
    assert rows[conditioned.pk]["evidence"] == []
    assert rows[conditioned.pk]["reasons"] == [
        "依据较弱：没有共同的专业关键词，内容相近程度也不突出，只按检索排名计分；以下条件相同，但不加分",
        "合作方式相符：先使用后付费",
    ]
    for m in data["matches"]:  # every shown match says what it rests on
        assert m["evidence"] or (m["reasons"][0].startswith("依据较弱") and len(m["reasons"]) > 1), m
    html = client.get(reverse("matching:panel", kwargs={"kind": "demands", "pk": demand.pk})).content.decode()
    assert bare.title not in html
    if conditioned.title in html:
        assert "match-weak" in html


def test_openapi_describes_the_parts_in_words():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    text = json.dumps(schema["components"]["schemas"], ensure_ascii=False)
    assert "检索排名" in text and "semantic_z" in text and "不计入得分" in text and "依据较弱" in text


def test_reason_kinds_and_the_share_of_the_most_frequent_reason():
    def m(i, reasons, topical=(), score=0.5, signals=()):
        return Match(
            kind="x",
            id=i,
            title="t",
            url="",
            score=score,
            reasons=list(reasons),
            topical=list(topical),
            signals=list(signals),
        )

    kw = "共同关键词：电堆（需求标题 ↔ 科技成果标题）"
    matches = [
        m(1, [kw, "同属产业链：氢能"], [kw], 0.9, ["shared_keyword", "chain"]),
        m(2, ["依据较弱：没有共同的专业关键词，只有常见词或词的片段相同"], score=0.6),
        m(3, ["同一地市"]),
        m(4, [kw], [kw], 0.3, ["shared_keyword"]),
    ]
    assert [reason_kind(r, matches[0]) for r in matches[0].reasons] == ["keyword", "chain"]
    assert reason_kind(matches[1].reasons[0], matches[1]) == "weak"
    assert reason_kind("同一地市", matches[2]) == "region"
    report = ReasonReport(useful=2, thresholds=(0.0, 0.5))
    report.add("D1", matches, {1: 3, 2: 0, 4: 2})
    out = report.result()
    assert out["kinds"]["keyword"]["shown"] == 2 and out["kinds"]["keyword"]["useful_share"] == 1.0
    assert out["kinds"]["weak"]["useful_share"] == 0.0
    assert out["top_reason_share_max"] == 0.5 and out["demands_over_half"] == 0  # 2 of 4 is not more than half
    strong = {(r["rule"], r["threshold"]): r for r in out["strong"]}
    assert strong[("evidence", 0.5)]["flagged"] == 1 and strong[("evidence", 0.5)]["recall"] == 0.5
    assert strong[("evidence", 0.0)]["precision"] == 1.0 and strong[("score", 0.0)]["precision"] == 0.5


def test_closeness_that_stands_out_on_most_rows_stays_their_reason():
    """A topical reason is evidence of each row: when most of the few rows of one library stand
    out semantically (the same sentence on each), it is not dropped as a common fact, which left
    such a row without its reason and without a 依据较弱 statement (try-out leftover); a fact the
    same on most rows still goes."""
    from matching.engine import drop_common_facts, shows_topical

    close = "语义较接近：需求与该科技成果的标题和开头意思相近，明显高于其他候选"
    verified = "发布机构已认证"
    rows = [
        Match(kind="achievements", id=n, title="", url="", score=1.0, reasons=[close, verified], topical=[close])
        for n in (1, 2)
    ] + [Match(kind="achievements", id=3, title="", url="", score=0.5, reasons=[verified])]
    drop_common_facts(rows)
    assert [m.reasons for m in rows] == [[close], [close], []]
    assert all(shows_topical(m) for m in rows[:2])


@pytest.mark.django_db
def test_a_fact_common_to_one_librarys_results_is_not_a_reason(client, market, make_record, make_org, publish):
    """Every achievement shown has a verified owner and was published today: in the panel's
    achievements group that is no reason, whatever the patents or experts beside them carry."""
    from catalog.models import Achievement

    university = make_org(name="西北某大学", kind="university")
    for title in ("氢燃料电池电堆膜电极", "氢燃料电池双极板"):
        publish(make_record(Achievement, owner_org=university, status="submitted", title=title, body=title))
    data = client.get(reverse("matching-matches", kwargs={"kind": "demands", "pk": market["demand"].pk})).json()
    achievements = [m for m in data["matches"] if m["kind"] == "achievements"]
    assert len(achievements) >= 3
    for m in achievements:
        assert "发布机构已认证" not in m["reasons"] and "近期发布（30 天内）" not in m["reasons"], m


def test_the_conditions_of_a_weak_basis_row_do_not_add_to_its_score():
    """Try-out: a row whose first reason is 依据较弱 ranked first with the highest score, lifted by
    the conditions it meets (same chain, city), above matches with shared specific keywords.
    ``engine.conditions_need_topic`` scores it by its retrieval rank alone; a weak row whose rank
    is the best still comes first (measured: demoting all of them costs nDCG)."""
    from matching.engine import conditions_need_topic

    kw = "共同关键词：电堆（需求标题 ↔ 科技成果标题）"
    weak = "依据较弱：没有共同的专业关键词，内容相近程度也不突出，只按检索排名计分；以下条件相同，但不加分"
    rows = [
        Match(
            kind="achievements",
            id=1,
            title="",
            url="",
            score=1.4,
            parts={"fusion": 0.5, "chain": 1.0, "region": 1.0},
            reasons=[weak, "同属产业链：氢能"],
        ),
        Match(
            kind="achievements",
            id=2,
            title="",
            url="",
            score=0.9,
            parts={"fusion": 0.75, "chain": 1.0},
            reasons=[kw],
            topical=[kw],
        ),
        Match(kind="achievements", id=3, title="", url="", score=0.8, parts={"fusion": 0.8}, reasons=[weak]),
        Match(
            kind="achievements", id=4, title="", url="", score=0.6, parts={"fusion": 0.6}, reasons=[kw], topical=[kw]
        ),
    ]
    ranked = conditions_need_topic(rows)
    assert [m.id for m in ranked] == [2, 3, 4, 1]
    assert ranked[3].score == 0.5 and ranked[3].uncounted == ["chain", "region"]
    assert ranked[0].score == 0.9 and ranked[0].uncounted == []  # a topical row keeps its conditions
    breakdown = {row["part"]: row for row in score_breakdown(ranked[3].parts, uncounted=ranked[3].uncounted)}
    assert breakdown["fusion"]["counted"] and breakdown["fusion"]["points"] == 0.5
    assert not breakdown["chain"]["counted"] and breakdown["chain"]["points"] == 0.0
    assert "不加分" in breakdown["chain"]["note"]


@pytest.mark.django_db
def test_a_weak_basis_match_meeting_every_condition_is_not_lifted_above_a_topical_one(
    client, market, make_record, publish, chain
):
    """End to end, API and panel alike: an achievement sharing no specific word with the demand
    but meeting every condition (chain, new city, modes, maturity) would score above a topical
    one with none of them; its conditions do not count, so it is listed after it, and its
    breakdown says they add nothing."""
    from catalog.models import Achievement

    conditioned = make_record(
        Achievement,
        status="submitted",
        title="提升仓储管理效率的方法",
        body="需要提升仓储效率",
        cooperation_modes=["transfer", "pay_after_use"],
        new_city="jinghe",
        stage="industrial",
        asking_price=100,
    )
    conditioned.industry_chains.add(chain)
    topical = make_record(Achievement, status="submitted", title="电堆低温冷启动试验", body="电堆冷启动试验")
    for record in (conditioned, topical):
        publish(record)
    demand = market["demand"]
    data = client.get(
        reverse("matching-matches", kwargs={"kind": "demands", "pk": demand.pk}) + "?limit=50&target=achievements"
    ).json()
    rows = {m["id"]: m for m in data["matches"]}
    weak, strong = rows[conditioned.pk], rows[topical.pk]
    assert weak["evidence"] == [] and strong["evidence"] == ["keyword"]
    assert weak["score"] == pytest.approx(weak["parts"]["fusion"], abs=1e-4)
    assert weak["score"] < strong["score"]
    uncounted = {b["part"] for b in weak["breakdown"] if b["weight"] is not None and not b["counted"]}
    assert {"chain", "modes", "maturity"} <= uncounted
    ids = [m["id"] for m in data["matches"]]
    assert ids.index(topical.pk) < ids.index(conditioned.pk)
    html = client.get(reverse("matching:panel", kwargs={"kind": "demands", "pk": demand.pk})).content.decode()
    assert html.index(topical.title) < html.index(conditioned.title)
    assert "依据较弱，不加分" in html
    english = client.get(
        reverse("matching:panel", kwargs={"kind": "demands", "pk": demand.pk}), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "weak basis, adds nothing" in english


@pytest.mark.django_db
def test_the_shared_chain_reason_names_the_chain_in_the_readers_language():
    """Try-out: English pages read "Same industry chain: 氢能" while the chain's English name
    (Hydrogen energy) was on every other page."""
    from matching.engine import structured_parts
    from matching.sources import Document

    demand = Document(kind="demands", id=1, title="", text="", chains=["hydrogen"])
    offer = Document(kind="achievements", id=2, title="", text="", chains=["hydrogen"])
    assert "同属产业链：氢能" in structured_parts(demand, offer)[1]
    with translation.override("en"):
        assert "Same industry chain: Hydrogen energy" in structured_parts(demand, offer)[1]


def test_common_facts_are_judged_within_each_library():
    """Try-out: an expert's 同属产业链 was shown to a member and dropped for an anonymous visitor,
    because the facts were counted over every library of the list together (with or without the
    members-only talent rows). Within the experts the chain tells one apart, so it stays; among
    the achievements, where every row has it, it goes."""
    from matching.engine import drop_common_facts_per_kind

    chain = "同属产业链：氢能"
    kw = "共同关键词：电堆（需求标题 ↔ 科技成果标题）"

    def row(kind, pk, reasons):
        return Match(kind=kind, id=pk, title="", url="", score=1.0, reasons=list(reasons), topical=[kw])

    rows = [row("achievements", n, [kw, chain]) for n in range(1, 4)]
    rows += [row("experts", 10, [kw, chain]), row("experts", 11, [kw]), row("experts", 12, [kw])]
    drop_common_facts_per_kind(rows)
    assert [m.reasons for m in rows[:3]] == [[kw]] * 3
    assert rows[3].reasons == [kw, chain] and rows[4].reasons == [kw]


def test_the_ipc_consensus_note_names_the_record_without_codes_not_the_patent():
    """Try-out: in a patent's row "记录本身没有 IPC 分类时才计算" read as the patent itself, which has
    codes; the part is computed when the record the matches are for (a demand) has none."""
    (row,) = score_breakdown({"ipc_consensus": 0.6})
    assert "记录本身" not in row["note"] and "技术需求" in row["note"]
    with translation.override("en"):
        (row,) = score_breakdown({"ipc_consensus": 0.6})
        assert row["label"] == "IPC subclass agrees with the top candidates"
        assert "demand" in row["note"] and row["note"][0].islower()


def test_the_weak_basis_statement_does_not_say_the_row_rests_on_conditions_that_add_nothing():
    """Try-out: "依据较弱…仅凭以下条件" (it rests on the conditions below) stood above conditions
    the breakdown marks 不加分; the statement says the row is scored by its search rank only."""
    from matching.engine import weak_basis

    row = Match(kind="experts", id=1, title="", url="", score=0.75, reasons=["同属产业链：人工智能"])
    assert "仅凭" not in weak_basis(row) and "只按检索排名计分" in weak_basis(row) and "不加分" in weak_basis(row)
    with translation.override("en"):
        assert "add nothing" in weak_basis(row) and "search rank only" in weak_basis(row)
