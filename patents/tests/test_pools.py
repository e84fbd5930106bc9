import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from patents.models import PatentPool, PoolMembership, PoolOverride
from patents.rules import parse_ipc_rules, parse_pool
from patents.services import pools as pool_services


def member_slugs(patent):
    return sorted(PoolMembership.objects.filter(patent=patent).values_list("pool__slug", flat=True))


def test_rule_syntax():
    rules = parse_ipc_rules("H02S\nH01M8\nC25B1/04\nH01M: 燃料电池，氢\n# comment")
    assert [(r.prefix, r.words) for r in rules] == [
        ("H02S", []),
        ("H01M8", []),
        ("C25B1/04", []),
        ("H01M", ["燃料电池", "氢"]),
    ]
    with pytest.raises(ValidationError):
        parse_ipc_rules("H02S\n光伏")


def test_matching_semantics():
    pool = PatentPool(ipc_rules="H01M8\nC25B: 氢", keyword_rules="燃料电池\n氢+储运", exclude_keywords="玩具")
    rules = parse_pool(pool)
    assert rules.match(text="电堆", codes=["H01M8/04"], subclasses=["H01M"]) == "IPC H01M8"
    assert rules.match(text="电堆", codes=["H01M80/04"], subclasses=["H01M"]) is None  # main group 80, not 8
    assert rules.match(text="电堆", codes=[], subclasses=["H01M"]) is None  # only the subclass known
    assert rules.match(text="电解制氢", codes=[], subclasses=["C25B"]) == "IPC C25B（氢）"
    assert rules.match(text="电解制氯", codes=[], subclasses=["C25B"]) is None
    assert rules.match(text="一种燃料电池车", codes=[], subclasses=[]) == "关键词 燃料电池"
    assert rules.match(text="氢的储运罐", codes=[], subclasses=[]) == "关键词 氢+储运"
    assert rules.match(text="氢的罐", codes=[], subclasses=[]) is None
    assert rules.match(text="燃料电池玩具", codes=[], subclasses=[]) is None


@pytest.mark.django_db
def test_six_pools_linked_to_chains():
    pools = {p.slug: p.chain.slug for p in PatentPool.objects.select_related("chain")}
    assert pools == {s: s for s in ["hydrogen", "photovoltaic", "connected-vehicles", "drones", "ai", "biomedicine"]}


@pytest.mark.django_db
def test_assignment_on_import(make_patent):
    pv = make_patent(kind="U", title="一种光伏组件清洗装置", ipc_subclasses="B08B")
    ai = make_patent(kind="A", title="图像分类方法", ipc_subclasses="G06V")
    none = make_patent(kind="U", title="一种椅子", ipc_subclasses="A47C")
    assert member_slugs(pv) == ["photovoltaic"]
    assert member_slugs(ai) == ["ai"]
    assert member_slugs(none) == []
    assert PoolMembership.objects.get(patent=pv).reason == "关键词 光伏"


@pytest.mark.django_db
def test_rule_change_reassigns_and_notifies(make_patent, operator, pool, django_capture_on_commit_callbacks):
    from matching.sources import documents_changed_signal

    chair = make_patent(kind="U", title="一种加氢站用座椅", ipc_subclasses="A47C")
    other = make_patent(kind="U", title="一种椅子", ipc_subclasses="A47C")
    assert member_slugs(chair) == ["hydrogen"]
    seen = []

    def receiver(sender, kind, ids, **kwargs):
        seen.append((kind, sorted(ids)))

    pool.keyword_rules = "座椅"
    pool.ipc_rules = ""
    pool_services.pool_save(pool=pool, by=operator)
    assert member_slugs(chair) == ["hydrogen"] and member_slugs(other) == []
    documents_changed_signal.connect(receiver)
    try:
        pool.keyword_rules = "椅子"
        with django_capture_on_commit_callbacks(execute=True):
            pool_services.pool_save(pool=pool, by=operator)
    finally:
        documents_changed_signal.disconnect(receiver)
    assert member_slugs(other) == ["hydrogen"] and member_slugs(chair) == []
    assert seen == [("patents", sorted([chair.id, other.id]))]
    pool.refresh_from_db()
    assert pool.rules_changed_at and pool.assigned_at


@pytest.mark.django_db
def test_manual_include_and_exclude_beat_rules(make_patent, operator, pool):
    rule_hit = make_patent(kind="U", title="一种储氢罐", ipc_subclasses="F17C")
    outsider = make_patent(kind="U", title="一种椅子", ipc_subclasses="A47C")
    pool_services.override_set(pool=pool, patent=rule_hit, action="exclude", by=operator, note="不属于氢能")
    pool_services.override_set(pool=pool, patent=outsider, action="include", by=operator)
    assert member_slugs(rule_hit) == [] and member_slugs(outsider) == ["hydrogen"]
    assert PoolMembership.objects.get(patent=outsider).via == "manual"
    # A rule change keeps the manual decisions.
    pool.keyword_rules += "\n罐"
    pool_services.pool_save(pool=pool, by=operator)
    assert member_slugs(rule_hit) == [] and member_slugs(outsider) == ["hydrogen"]
    pool_services.override_remove(pool=pool, patent=rule_hit, by=operator)
    assert member_slugs(rule_hit) == ["hydrogen"]
    assert PoolOverride.objects.count() == 1


@pytest.mark.django_db
def test_only_operators_manage_pools(make_patent, member, make_user, pool):
    patent = make_patent()
    broker = make_user(roles=["broker"])
    for user in (member, broker):
        with pytest.raises(PermissionDenied):
            pool_services.pool_save(pool=pool, by=user)
        with pytest.raises(PermissionDenied):
            pool_services.override_set(pool=pool, patent=patent, action="include", by=user)


@pytest.mark.django_db
def test_brokers_must_be_brokers(operator, member, make_user, pool):
    broker = make_user(roles=["broker"])
    pool_services.pool_save(pool=pool, by=operator, brokers=[broker])
    assert list(pool.brokers.all()) == [broker]
    with pytest.raises(ValidationError):
        pool_services.pool_save(pool=pool, by=operator, brokers=[member])
    assert list(pool.brokers.all()) == [broker]


@pytest.mark.django_db
def test_deactivated_pool_empties(make_patent, operator, pool):
    patent = make_patent(kind="U", title="一种储氢罐", ipc_subclasses="F17C")
    pool.is_active = False
    pool_services.pool_save(pool=pool, by=operator)
    assert member_slugs(patent) == []


@pytest.mark.django_db
def test_pools_are_named_in_the_readers_language(client, make_patent):
    """Try-out: 氢能专利池 on English pages. The starting pools take their chain's English name
    (migration 0004); the list, the detail page, a patent's pools and the pool filter read it."""
    from django.utils import translation

    hydrogen = PatentPool.objects.get(slug="hydrogen")
    assert hydrogen.name == "氢能" and hydrogen.name_en == hydrogen.chain.name_en != ""
    assert not PatentPool.objects.filter(name_en="").exists()
    with translation.override("en"):
        assert str(hydrogen) == hydrogen.name_en
    patent = make_patent(title="一种质子交换膜燃料电池", ipc_subclasses="H01M")
    PoolMembership.objects.get_or_create(pool=hydrogen, patent=patent, defaults={"via": "manual"})
    client.cookies["django_language"] = "en"
    for url in (
        reverse("patents:pool_list"),
        hydrogen.get_absolute_url(),
        patent.get_absolute_url(),
        reverse("patents:list"),
    ):
        html = client.get(url).content.decode()
        assert hydrogen.name_en in html, url
        assert "氢能专利池" not in html and ">氢能<" not in html, url


@pytest.mark.django_db
def test_pool_descriptions_in_the_readers_language(client):
    """The starting pools carry an English description (migration 0005); a pool whose operator
    wrote no English one shows the Chinese text on English pages rather than nothing."""
    from patents.pool_defaults import POOLS

    assert not PatentPool.objects.filter(description_en="").exists()
    hydrogen = PatentPool.objects.get(slug="hydrogen")
    solar = PatentPool.objects.get(slug="photovoltaic")
    PatentPool.objects.filter(pk=solar.pk).update(description="运营人员改写的说明。", description_en="")
    english = next(p["description_en"] for p in POOLS if p["slug"] == "hydrogen")
    zh_html = client.get(reverse("patents:pool_list")).content.decode()
    assert hydrogen.description in zh_html and english not in zh_html
    client.cookies["django_language"] = "en"
    for url in (reverse("patents:pool_list"), hydrogen.get_absolute_url()):
        html = client.get(url).content.decode()
        assert english in html and hydrogen.description not in html, url
    assert "运营人员改写的说明。" in client.get(solar.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_rule_reasons_are_stored_neutral_and_read_in_the_readers_language(client, make_patent):
    """Try-out: an English patent page read "Photovoltaics Rules · 关键词 钙钛矿+电池": the reason was
    stored in the language active at assignment. It is stored in one form and rendered per reader."""
    from django.utils import translation

    from patents.rules import reason_label

    with translation.override("en"):  # an operator on English pages or an import under English
        patent = make_patent(kind="B", title="一种氢气的储存罐")
    membership = PoolMembership.objects.get(patent=patent, pool__slug="hydrogen")
    assert membership.reason == "关键词 氢气+储"
    assert reason_label("关键词 氢+储运") == "关键词 氢+储运"
    assert reason_label("IPC C25B（氢）") == "IPC C25B（氢）"
    assert reason_label("运营人员备注") == "运营人员备注"
    with translation.override("en"):
        assert reason_label("关键词 氢+储运") == "Keyword 氢+储运"
        assert reason_label("IPC C25B（氢、制氢）") == "IPC C25B (氢、制氢)"
    client.cookies["django_language"] = "en"
    html = client.get(patent.get_absolute_url()).content.decode()
    assert "Keyword 氢气+储" in html and "关键词" not in html
    # the page's own notes read as English sentences: half-width brackets, a space after the colon
    assert " (Granted by publication type; current status not provided by the source)" in html
    assert "（" not in html and "Not high-value: " in html
