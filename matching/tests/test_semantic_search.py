"""Semantic fallback of keyword search: a query that no record the viewer may see contains (an
English query over Chinese records) is answered with the records closest in meaning, only those
that stand out among the vector store's candidates, only what the viewer may see, marked as
approximate on the pages and in the API (``matching.backend.semantic_ids``)."""

import hashlib

import numpy as np
import pytest
from django.urls import reverse

from catalog.libraries import LIBRARIES
from catalog.models import Demand
from catalog.selectors import resource_list
from matching import backend, embedding
from matching.indexing import rebuild, vector_store

pytestmark = pytest.mark.django_db

DIM = 64
HYDROGEN, DRONE, MACHINING = 0, 1, 2  # the fake model's topic axes
TOPICS = ((("hydrogen", "氢"), HYDROGEN), (("drone", "无人机"), DRONE), (("machine tool", "机床"), MACHINING))
NOTE = "以下是意思相近的记录（按语义检索，仅供参考）"


def _axis(i: int) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[i] = 1.0
    return v


def _noise(text: str) -> np.ndarray:
    """A deterministic direction for ``text`` in the axes no topic uses (3 … 63)."""
    seed = int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)
    v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    v[:3] = 0
    return v / np.linalg.norm(v)


def _letters(text: str) -> np.ndarray:
    """The bag of ``text``'s characters (axes 3 … 63): what a model matches in a text it cannot
    read, the same for the text and any shuffle of its letters."""
    v = np.zeros(DIM, dtype=np.float32)
    for c in text.replace(" ", ""):
        v[3 + ord(c) % (DIM - 3)] += 1
    return v / max(float(np.linalg.norm(v)), 1e-9)


class Meaning(embedding.Embedder):
    """A fake multilingual model: hydrogen/氢, drone/无人机 and machine tool/机床 mean one axis each;
    a record on none of them points a direction of its own; a query on none of them (gibberish)
    is matched by its letters. ``refuse`` makes a query fail (the keyword path must not embed)."""

    name, dim = "fake-meaning", DIM
    refuse = False
    queries_made: list[str] = []

    def _vector(self, text: str, *, unknown) -> np.ndarray:
        low = text.lower()
        for words, axis in TOPICS:
            if any(w in low for w in words):
                v = _axis(axis) + 0.2 * _noise(text)
                return v / np.linalg.norm(v)
        return unknown(text)

    def passages(self, texts):
        return np.stack([self._vector(t, unknown=_noise) for t in texts])

    def query(self, text):
        if Meaning.refuse:
            raise AssertionError(f"embedded at request time: {text}")
        Meaning.queries_made.append(text)
        return self._vector(text, unknown=_letters)


def install_model(settings, monkeypatch) -> type[Meaning]:
    """Make ``Meaning`` the configured semantic model (also for the e2e test's live server)."""
    fake = Meaning()
    monkeypatch.setattr(Meaning, "refuse", False)
    monkeypatch.setattr(Meaning, "queries_made", [])
    monkeypatch.setattr(embedding, "get_embedder", lambda name=None: fake)
    monkeypatch.setattr(backend, "_vectors", backend.OrderedDict())
    settings.MATCHING_EMBEDDER = Meaning.name
    return Meaning


@pytest.fixture
def model(settings, monkeypatch):
    return install_model(settings, monkeypatch)


@pytest.fixture
def market(model, make_record, enterprise):
    return build_market(model, make_record, enterprise)


def build_market(model, make_record, enterprise) -> dict:
    """30 demands on machine tools (one broad subject), one public hydrogen demand, one members-only hydrogen
    demand and one drone demand; the lexical index and the passage vectors of all of them."""
    records = {
        "public": make_record(Demand, owner_org=enterprise, title="氢燃料电池电堆寿命提升", problem="电堆衰减快"),
        "members": make_record(
            Demand, owner_org=enterprise, title="氢燃料电池双极板涂层", problem="双极板腐蚀", visibility="members"
        ),
        "drone": make_record(Demand, owner_org=enterprise, title="无人机巡检航线规划", problem="输电线路巡检"),
    }
    for n in range(30):
        make_record(Demand, owner_org=enterprise, title=f"机床主轴热变形补偿{n}", problem=f"精度保持{n}")
    rebuild(kind="demands", with_vectors=False)
    store = vector_store("demands")
    store.reset(model=model.name, dim=model.dim)
    demands = list(Demand.objects.all())
    store.write([d.pk for d in demands], model().passages([f"{d.title}。{d.problem}" for d in demands]))
    return records


def _search(user, q: str, **params):
    return resource_list(library=LIBRARIES["demands"], user=user, params={"q": q, **params}, semantic=True)


def test_an_english_query_finds_the_chinese_record_it_means(market, member):
    result = _search(member, "hydrogen fuel cell")
    assert result.semantic
    assert {r.pk for r in result.queryset} == {market["public"].pk, market["members"].pk}
    assert result.queryset.count() == 2
    drone = _search(member, "drone inspection")
    assert drone.semantic and [r.pk for r in drone.queryset] == [market["drone"].pk]


def test_the_store_order_is_kept_and_the_page_filters_apply(market, member):
    from reference.models import IndustryChain

    ids = backend.semantic_ids("demands", "hydrogen fuel cell")
    assert set(ids) == {market["public"].pk, market["members"].pk}
    result = _search(member, "hydrogen fuel cell")
    assert [r.pk for r in result.queryset] == ids  # best first, as the store ranked them
    market["members"].industry_chains.add(IndustryChain.objects.get(slug="hydrogen"))
    narrowed = _search(member, "hydrogen fuel cell", bottleneck="", chain="hydrogen")
    assert narrowed.semantic and [r.pk for r in narrowed.queryset] == [market["members"].pk]
    # A filter no close record passes: nothing, and not marked semantic.
    empty = _search(member, "hydrogen fuel cell", chain="photovoltaic")
    assert not empty.semantic and empty.queryset.count() == 0


def test_a_visitor_never_gets_a_members_only_record_nor_its_count(market, client):
    from django.contrib.auth.models import AnonymousUser

    result = _search(AnonymousUser(), "hydrogen fuel cell")
    assert result.semantic and [r.pk for r in result.queryset] == [market["public"].pk]
    assert result.queryset.count() == 1

    page = client.get(reverse("catalog:list", args=["demands"]), {"q": "hydrogen fuel cell"})
    body = page.content.decode()
    assert NOTE in body and "氢燃料电池电堆寿命提升" in body and "双极板" not in body
    assert "意思相近 1 条" in body and "共 1 条" not in body  # approximate results, not "in total"
    client.cookies["django_language"] = "en"
    english = client.get(reverse("catalog:list", args=["demands"]), {"q": "hydrogen fuel cell"}).content.decode()
    assert "1 close in meaning" in english and "in total" not in english
    client.cookies.pop("django_language")

    api = client.get("/api/v1/demands/", {"q": "hydrogen fuel cell"}).json()
    assert api["semantic"] is True and api["count"] == 1
    assert [row["id"] for row in api["results"]] == [market["public"].pk]

    search = client.get(reverse("core:search"), {"q": "hydrogen fuel cell"})
    sections = search.context["sections"]
    demands = next(s for s in sections if s.label == str(LIBRARIES["demands"].label))
    assert demands.semantic and [r.pk for r in demands.hits] == [market["public"].pk] and demands.total == 1
    body = search.content.decode()
    assert NOTE in body and "双极板" not in body


def test_a_member_gets_both_and_the_cached_section_keeps_the_mark(market, client, member, model):
    client.force_login(member)
    search = client.get(reverse("core:search"), {"q": "hydrogen fuel cell"})
    demands = next(s for s in search.context["sections"] if s.label == str(LIBRARIES["demands"].label))
    assert demands.semantic and demands.total == 2
    model.refuse = True  # the second request reads the cached section: no embedding
    again = client.get(reverse("core:search"), {"q": "hydrogen fuel cell"})
    demands = next(s for s in again.context["sections"] if s.label == str(LIBRARIES["demands"].label))
    assert demands.semantic and demands.total == 2
    assert NOTE in again.content.decode()


def test_keyword_hits_present_means_no_semantic_path(market, member, client, model):
    model.refuse = True  # any query embedding fails the test
    result = _search(member, "电堆")
    assert not result.semantic and [r.pk for r in result.queryset] == [market["public"].pk]
    page = client.get(reverse("catalog:list", args=["demands"]), {"q": "电堆"}).content.decode()
    assert NOTE not in page and "氢燃料电池电堆寿命提升" in page
    api = client.get("/api/v1/demands/", {"q": "电堆"}).json()
    assert api["semantic"] is False and api["count"] == 1
    assert model.queries_made == []


def test_when_nothing_stands_out_nothing_is_shown(market, member, client):
    # "machine tool" means the 30 机床 demands alike: all as similar, none stands out.
    assert backend.semantic_ids("demands", "machine tool") == []
    result = _search(member, "machine tool")
    assert not result.semantic and result.queryset.count() == 0
    page = client.get(reverse("core:search"), {"q": "machine tool"}).content.decode()
    assert NOTE not in page and "没有找到相关记录" in page
    # Lower the bar and they do come: the standout is what held them back, not the meaning check.
    assert len(backend.semantic_ids("demands", "machine tool", z=0.0)) == 30


def test_gibberish_finds_nothing(market, member, client, model):
    # Matched by its letters, as its scramble is: no meaning, whatever stands out among the candidates.
    for q in ("asdfgh qwerty", "啊啊啊啊"):
        assert backend.semantic_ids("demands", q, z=0.0) == [], q
        assert not _search(member, q).semantic
        page = client.get(reverse("core:search"), {"q": q}).content.decode()
        assert NOTE not in page and "没有找到相关记录" in page
    # No searchable word at all: nothing is embedded.
    model.queries_made.clear()
    assert backend.semantic_ids("demands", "的 %") == [] and model.queries_made == []


def test_scramble_keeps_the_letters_and_loses_the_words():
    assert sorted(backend.scramble("hydrogen fuel cell")) == sorted("hydrogen fuel cell")
    assert backend.scramble("hydrogen fuel cell") != "hydrogen fuel cell"
    assert backend.scramble("drone") == backend.scramble("drone")  # the same shuffle every time
    assert backend.scramble("啊啊啊啊") == "啊啊啊啊"


def test_exports_and_saved_searches_keep_keyword_hits_only(market, member, model):
    result = resource_list(library=LIBRARIES["demands"], user=member, params={"q": "hydrogen fuel cell"})
    assert not result.semantic and result.queryset.count() == 0
    assert model.queries_made == []


def test_without_a_semantic_model_nothing_changes(market, member, settings):
    settings.MATCHING_EMBEDDER = "none"
    result = _search(member, "hydrogen fuel cell")
    assert not result.semantic and result.queryset.count() == 0


def test_a_store_of_another_dimension_is_not_compared(market, member, model):
    store = vector_store("demands")
    store.reset(model="other", dim=8)
    store.write([market["public"].pk], np.ones((1, 8), dtype=np.float32))
    assert backend.semantic_ids("demands", "hydrogen fuel cell") == []
    assert not _search(member, "hydrogen fuel cell").semantic


def test_the_patents_list_answers_by_meaning_and_says_so(model, client):
    from io import StringIO

    from django.core.management import call_command

    from patents.models import Patent
    from patents.services.importing import import_rows

    titles = ["一种农药喷洒型无人机"] + [f"数控机床主轴冷却装置{n}" for n in range(12)]
    rows = [{"publication_number": f"CN1190001{n:02d}A", "title": title} for n, title in enumerate(titles)]
    import_rows(list(enumerate(rows, start=2)), source="test")
    call_command("rebuild_index", "--library", "patents", "--no-vectors", stdout=StringIO())
    patents = list(Patent.objects.all())
    store = vector_store("patents")
    store.reset(model=model.name, dim=model.dim)
    store.write([p.pk for p in patents], model().passages([p.title for p in patents]))

    response = client.get(reverse("patents:list"), {"q": "drone"})
    assert [p.title for p in response.context["page"]] == ["一种农药喷洒型无人机"]
    assert response.context["semantic"] and NOTE in response.content.decode()
    assert "意思相近 1 件" in response.content.decode() and "共 1 件" not in response.content.decode()
    keyword = client.get(reverse("patents:list"), {"q": "无人机"})
    assert not keyword.context["semantic"] and NOTE not in keyword.content.decode()
    assert "共 1 件" in keyword.content.decode()
    client.cookies["django_language"] = "en"  # approximate results are not counted as "in total"
    english = client.get(reverse("patents:list"), {"q": "drone"}).content.decode()
    assert "1 patent close in meaning" in english and "in total" not in english
    api = client.get("/api/v1/patents/", {"q": "drone"}).json()
    assert api["semantic"] is True and [row["title"] for row in api["results"]] == ["一种农药喷洒型无人机"]
    api = client.get("/api/v1/patents/", {"q": "无人机"}).json()
    assert api["semantic"] is False and api["count"] == 1


def test_records_a_visitor_may_not_see_move_nothing_shown(market, make_record, enterprise, model):
    """Who must NOT infer: ten members-only hydrogen demands beside the public one would, counted
    among the candidates, keep the public one from standing out, so an anonymous visitor would
    learn from an empty answer that such records exist. The candidates, their standout and the
    meaning check are taken among what the visitor may see: the answer is the one an index without
    those records gives."""
    from django.contrib.auth.models import AnonymousUser

    hidden = [
        make_record(Demand, owner_org=enterprise, title=f"氢能储运装备{n}", problem="储氢", visibility="members")
        for n in range(10)
    ]
    store = vector_store("demands")
    store.write([d.pk for d in hidden], model().passages([f"{d.title}。{d.problem}" for d in hidden]))
    assert backend.semantic_ids("demands", "hydrogen fuel cell") == []  # all records: none stands out
    seen = _search(AnonymousUser(), "hydrogen fuel cell")
    assert seen.semantic and [r.pk for r in seen.queryset] == [market["public"].pk]

    gone = [*hidden, market["members"]]
    store.write([], None, remove_ids=[d.pk for d in gone])
    Demand.objects.filter(pk__in=[d.pk for d in gone]).delete()
    alone = _search(AnonymousUser(), "hydrogen fuel cell")
    assert [r.pk for r in alone.queryset] == [r.pk for r in seen.queryset]


KEYWORD_ONLY = "的语义索引仍在建立，暂只按关键词检索"


def test_a_library_whose_vectors_are_being_computed_is_named(market, client, member, model, make_record, enterprise):
    """While ``embed_backfill`` runs, a library has an index but too few vectors: a search no
    record contains is answered by meaning elsewhere, and the page says that library was searched
    by keywords only; once it has its vectors, or without any semantic model, nothing is said."""
    from catalog.models import Achievement

    achievement = make_record(Achievement, owner_org=enterprise, title="机床主轴热误差补偿方法")
    rebuild(kind="achievements", with_vectors=False)
    assert backend.searched_by_meaning("achievements") is False and backend.searched_by_meaning("demands") is True
    client.force_login(member)
    page = client.get(reverse("core:search"), {"q": "hydrogen fuel cell"}).content.decode()
    assert NOTE in page and f"科技成果{KEYWORD_ONLY}" in page
    assert KEYWORD_ONLY not in client.get(reverse("core:search"), {"q": "电堆"}).content.decode()  # keyword hits
    store = vector_store("achievements")
    store.reset(model=model.name, dim=model.dim)
    store.write([achievement.pk], model().passages([achievement.title]))
    assert backend.searched_by_meaning("achievements") is True
    assert KEYWORD_ONLY not in client.get(reverse("core:search"), {"q": "hydrogen fuel cell"}).content.decode()


def test_no_semantic_model_no_keyword_only_note(market, client, settings):
    settings.MATCHING_EMBEDDER = "none"
    assert backend.searched_by_meaning("demands") is None
    assert KEYWORD_ONLY not in client.get(reverse("core:search"), {"q": "hydrogen fuel cell"}).content.decode()
