import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.models import Demand, Scenario
from matching.models import MatchFeedback
from matching.tests.conftest import SECRET


@pytest.mark.django_db
def test_demand_finds_achievement_with_reasons(market, member):
    from matching.selectors import matches_for

    demand = market["demand"]
    matches = matches_for(kind="demands", pk=demand.pk, user=member)
    assert matches[0].id == market["good"].pk and matches[0].kind == "achievements"
    reasons = " ".join(matches[0].reasons)
    assert "共同关键词" in reasons and "氢燃料电池" in reasons
    assert "同属产业链：氢能" in reasons
    assert "同在泾河新城" in reasons
    assert "合作方式相符：转让" in reasons
    assert matches[0].parts["chain"] == 1.0 and matches[0].parts["fusion"] > 0
    ids = {m.id for m in matches}
    assert market["draft"].pk not in ids  # never published, never matched


@pytest.mark.django_db
def test_confidential_budget_and_details_stay_hidden(client, market, member, enterprise, make_user):
    demand = market["demand"]
    url = reverse("matching-matches", kwargs={"kind": "demands", "pk": demand.pk})
    # A visitor: no budget reason, no confidential text anywhere, no members-only record.
    body = client.get(url).content.decode()
    assert SECRET not in body and "预算" not in body
    data = json.loads(body)
    assert market["members"].pk not in {m["id"] for m in data["matches"]}
    # The demand's owner may read its budget, so learns that the price fits.
    owner = make_user(org=enterprise)
    client.force_login(owner)
    data = client.get(url).json()
    top = data["matches"][0]
    assert "意向价格在需求预算范围内" in top["reasons"] and top["parts"]["budget"] == 1.0
    assert SECRET not in json.dumps(data, ensure_ascii=False)
    assert market["members"].pk in {m["id"] for m in data["matches"]}


@pytest.mark.django_db
def test_achievement_finds_demand_and_scenarios_pair_need_with_capability(
    market, member, make_record, enterprise, publish
):
    from matching.selectors import matches_for

    matches = matches_for(kind="achievements", pk=market["good"].pk, user=member)
    assert matches[0].kind == "demands" and matches[0].id == market["demand"].pk
    need = make_record(
        Scenario, owner_org=enterprise, status="submitted", kind="need", title="加氢站氢燃料电池叉车示范场景"
    )
    capability = make_record(
        Scenario, owner_org=enterprise, status="submitted", kind="capability", title="氢燃料电池叉车整车能力"
    )
    other_need = make_record(
        Scenario, owner_org=enterprise, status="submitted", kind="need", title="氢燃料电池叉车园区物流场景"
    )
    for record in (need, capability, other_need):
        publish(record)
    found = [(m.kind, m.id) for m in matches_for(kind="scenarios", pk=need.pk, user=member)]
    assert ("scenarios", capability.pk) in found and ("scenarios", other_need.pk) not in found


@pytest.mark.django_db
def test_panel_on_detail_page_and_htmx_rows(client, market):
    demand = market["demand"]
    page = client.get(demand.get_absolute_url()).content.decode()
    panel_url = reverse("matching:panel", kwargs={"kind": "demands", "pk": demand.pk})
    assert "匹配推荐" in page and panel_url in page
    html = client.get(panel_url).content.decode()
    assert market["good"].title in html and "共同关键词" in html
    assert "有用" not in html  # a visitor gets no feedback buttons
    assert SECRET not in html


@pytest.mark.django_db
def test_panel_of_unpublished_record_is_not_shown_to_others(client, make_record, enterprise):
    draft = make_record(Demand, owner_org=enterprise, status="draft", title="草稿需求")
    response = client.get(reverse("matching:panel", kwargs={"kind": "demands", "pk": draft.pk}))
    assert response.status_code == 404


@pytest.mark.django_db
def test_feedback_permissions(client, market, enterprise, make_user, make_org):
    demand, good = market["demand"], market["good"]
    url = reverse("matching:feedback", kwargs={"kind": "demands", "pk": demand.pk})
    data = {"target_kind": "achievements", "target_id": good.pk, "verdict": "useful", "rank": 1}
    # A visitor is sent to log in; a member of another organisation is refused.
    assert client.post(url, data).status_code == 302
    stranger = make_user(org=make_org())
    client.force_login(stranger)
    assert client.post(url, data).status_code == 403
    api = reverse("matching-feedback")
    payload = {
        "source_kind": "demands",
        "source_id": demand.pk,
        "target_kind": "achievements",
        "target_id": good.pk,
        "verdict": "useful",
    }
    assert client.post(api, payload, content_type="application/json").status_code == 403
    assert MatchFeedback.objects.count() == 0
    # The owner and a broker may; re-voting updates the owner's row.
    owner = make_user(org=enterprise)
    client.force_login(owner)
    assert client.post(url, data).status_code == 200
    assert client.post(url, {**data, "verdict": "contacted"}).status_code == 200
    broker = make_user(roles=["broker"])
    client.force_login(broker)
    response = client.post(api, {**payload, "verdict": "not_useful"}, content_type="application/json")
    assert response.status_code == 201
    assert sorted(MatchFeedback.objects.values_list("verdict", flat=True)) == ["contacted", "not_useful"]
    assert MatchFeedback.objects.get(user=broker).as_broker
    # A record that is not published cannot be the target.
    bad = {**payload, "target_id": market["draft"].pk}
    assert client.post(api, bad, content_type="application/json").status_code == 400


@pytest.mark.django_db
def test_status_page_for_operators_only(client, market, operator, member, make_user, enterprise):
    from matching import services

    services.feedback_record(
        user=make_user(org=enterprise),
        source_kind="demands",
        source_id=market["demand"].pk,
        target_kind="achievements",
        target_id=market["good"].pk,
        verdict="useful",
    )
    url = reverse("matching:status")
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(operator)
    page = client.get(url).content.decode()
    assert "有用率" in page and "100%" in page
    assert "仅使用关键词" in page  # the tests run without the embedding model, and the page says so


def test_evaluate_matching_on_tiny_beir_set():
    fixtures = Path(__file__).parent / "fixtures" / "beir_tiny"
    out = StringIO()
    call_command(
        "evaluate_matching",
        "--corpus",
        fixtures / "corpus.jsonl",
        "--queries",
        fixtures / "queries.jsonl",
        "--qrels",
        fixtures / "qrels.tsv",
        "--mode",
        "lexical",
        "--json",
        "--no-cache",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["corpus"] == 18 and result["queries"] == 6
    metrics = result["modes"]["lexical"]
    assert 0.3 < metrics["ndcg@10"] <= 1.0 and 0 < metrics["recall@100"] <= 1.0


def test_metrics_by_hand():
    from matching.evaluation import mrr_at, ndcg_at, recall_at

    rels = {"a": 2, "b": 1}
    assert ndcg_at(["a", "b"], rels) == pytest.approx(1.0)
    assert ndcg_at(["x", "b", "a"], rels) < 0.7
    assert mrr_at(["x", "b"], rels) == 0.5
    assert recall_at(["a", "x"], rels) == 0.5


def test_plain_bm25_baseline_and_p_at_5_on_tiny_beir_set():
    from matching.evaluation import p_at

    fixtures = Path(__file__).parent / "fixtures" / "beir_tiny"
    out = StringIO()
    args = ["--corpus", fixtures / "corpus.jsonl", "--queries", fixtures / "queries.jsonl"]
    call_command("evaluate_matching", *args, "--qrels", fixtures / "qrels.tsv", "--mode", "bm25", "--json", stdout=out)
    metrics = json.loads(out.getvalue())["modes"]["bm25"]
    assert 0 < metrics["ndcg@10"] <= 1.0 and 0 <= metrics["p@5"] <= 1.0
    assert p_at(["a", "x", "b"], {"a": 3, "b": 1}, k=5, useful=2) == pytest.approx(0.2)


def test_dev_set_is_marked_synthetic_and_judged_on_a_0_to_3_scale():
    from matching.management.commands.build_dev_beir import EVAL_DIR, read_demands

    demands = read_demands()
    assert len(demands) >= 50 and len({d["chain"] for d in demands}) >= 10
    assert "synthetic" in (EVAL_DIR / "README.md").read_text(encoding="utf-8")
    ids = {d["_id"] for d in demands}
    for name in ("qrels_achievements.tsv", "qrels_patents.tsv"):
        rows = [line.split("\t") for line in (EVAL_DIR / name).read_text(encoding="utf-8").splitlines()[1:]]
        assert rows and all(q in ids and int(g) in (0, 1, 2, 3) for q, _d, g in rows)


def test_evaluate_matching_can_embed_the_queries_as_stored_records(monkeypatch):
    # A published record is matched with its stored (passage) vector: --source-vector passage
    # measures that, query (the default) a draft's query vector.
    import numpy as np

    from matching import embedding
    from matching.evaluation import evaluate

    class Fake(embedding.Embedder):
        name, dim = "fake", 8
        calls: list[str] = []

        def _vector(self, text):
            rng = np.random.default_rng(sum(map(ord, text)))
            v = rng.standard_normal(self.dim).astype(np.float32)
            return v / np.linalg.norm(v)

        def passages(self, texts):
            self.calls.append("passage")
            return np.stack([self._vector(t) for t in texts])

        def query(self, text):
            self.calls.append("query")
            return -self._vector(text)

    fake = Fake()
    monkeypatch.setattr(embedding, "get_embedder", lambda name=None: fake)
    fixtures = Path(__file__).parent / "fixtures" / "beir_tiny"
    paths = {
        name: fixtures / f"{name}.{ext}" for name, ext in (("corpus", "jsonl"), ("queries", "jsonl"), ("qrels", "tsv"))
    }
    as_query = evaluate(**paths, modes=("semantic",))
    assert "query" in fake.calls
    fake.calls.clear()
    as_record = evaluate(**paths, modes=("semantic",), source_vector="passage")
    assert "query" not in fake.calls
    assert as_query["modes"]["semantic"]["ndcg@10"] != as_record["modes"]["semantic"]["ndcg@10"]
