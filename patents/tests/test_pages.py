import pytest
from django.urls import reverse

from patents.models import PatentPool, PoolOverride
from patents.tests.conftest import KNOWN_FACTS


@pytest.fixture
def sample(make_patent):
    return {
        "hv": make_patent(
            kind="B",
            publication_number="CN111504366B",
            title="一种光伏逆变器",
            ipc_subclasses="H02S|H02J",
            **KNOWN_FACTS,
        ),
        "pv": make_patent(kind="U", title="一种光伏支架", ipc_subclasses="H02S"),
        "full": make_patent(
            kind="B",
            title="一种质子交换膜燃料电池",
            ipc_codes="H01M8/04",
            applicants="西安交通大学|陕西某公司",
            inventors="张三|李四",
            application_date="2019-05-06",
            legal_status="granted",
            claims_count=9,
        ),
    }


@pytest.mark.django_db
def test_pool_list_and_detail_public(client, sample):
    page = client.get(reverse("patents:pool_list"))
    assert page.status_code == 200
    assert "光伏" in page.content.decode() and "新建专利池" not in page.content.decode()
    page = client.get(reverse("patents:pool_detail", args=["photovoltaic"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="chart-ipc"' in html and "echarts.min.js" in html and 'id="pool-charts"' in html
    assert "CN111504366B" in html  # in the high-value list
    assert "申请日未知" in html and "编辑规则" not in html and 'id="overrides"' not in html
    stats = page.context["stats"]
    assert (stats["total"], stats["invention"], stats["utility"], stats["high_value"]) == (2, 1, 1, 1)


@pytest.mark.django_db
def test_pool_stats_top_lists(client, sample):
    stats = client.get(reverse("patents:pool_detail", args=["hydrogen"])).context["stats"]
    assert stats["top_applicants"][0][1] == 1
    assert stats["top_universities"] == [("西安交通大学", 1)]
    assert ("张三", 1) in stats["top_inventors"] and stats["years"] == [(2019, 1)]


@pytest.mark.django_db
def test_patent_detail_shows_unknowns_breakdown_and_citing_achievements(client, sample, make_record, enterprise):
    from catalog.models import Achievement

    make_record(Achievement, owner_org=enterprise, title="光伏逆变成果", patent_numbers="CN111504366B, CN999")
    make_record(Achievement, owner_org=enterprise, title="草稿成果", status="draft", patent_numbers="CN111504366B")
    page = client.get(reverse("patents:detail", args=["CN111504366B"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="score-breakdown"' in html and "战略性新兴产业" in html and "未知" in html
    assert "光伏逆变成果" in html and "草稿成果" not in html
    assert "H02S" in html and "光伏" in html


@pytest.mark.django_db
def test_achievement_page_panel_resolves_patent_numbers(client, sample, make_record, enterprise):
    from catalog.models import Achievement

    record = make_record(
        Achievement, owner_org=enterprise, title="光伏逆变成果", patent_numbers="CN111504366B，CN114081026A"
    )
    html = client.get(record.get_absolute_url()).content.decode()
    assert reverse("patents:detail", args=["CN111504366B"]) in html
    assert "CN114081026A" in html  # listed as not in the platform yet


@pytest.mark.django_db
def test_patent_list_filters(client, sample):
    def numbers(**params):
        return {p.publication_number for p in client.get(reverse("patents:list"), params).context["page"]}

    assert numbers(pool="photovoltaic") == {sample["hv"].publication_number, sample["pv"].publication_number}
    assert numbers(ipc="H01M8") == {sample["full"].publication_number}
    assert numbers(ipc="H02J") == {sample["hv"].publication_number}
    assert numbers(type="utility") == {sample["pv"].publication_number}
    assert numbers(status="granted") == {sample["full"].publication_number}
    assert numbers(q="逆变器") == {sample["hv"].publication_number}
    assert numbers(high_value="1") == {sample["hv"].publication_number, sample["full"].publication_number}
    htmx = client.get(reverse("patents:list"), {"pool": "ai"}, HTTP_HX_REQUEST="true")
    assert "没有符合条件的专利" in htmx.content.decode()


@pytest.mark.django_db
def test_ipc_pages(client):
    html = client.get(reverse("patents:ipc_index")).content.decode()
    assert "电学" in html and "H01" in html
    html = client.get(reverse("patents:ipc_detail", args=["H01L"])).content.decode()
    assert "不在现行版本中" in html and "H10" in html
    assert client.get(reverse("patents:ipc_detail", args=["C10G"])).status_code == 200
    assert client.get(reverse("patents:ipc_detail", args=["Z99Z"])).status_code == 404


@pytest.mark.django_db
def test_only_operators_edit_pools(client, member, operator, sample, make_user):
    edit = reverse("patents:pool_edit", args=["photovoltaic"])
    override = reverse("patents:pool_override", args=["photovoltaic"])
    assert client.get(edit).status_code == 302  # anonymous → login
    assert client.post(override, {"publication_number": "CN111504366B", "action": "exclude"}).status_code == 302
    for user in (member, make_user(roles=["broker"]), make_user(roles=["leader"])):
        client.force_login(user)
        assert client.get(edit).status_code == 403
        assert client.post(edit, {"name": "改名"}).status_code == 403
        assert client.post(override, {"publication_number": "CN111504366B", "action": "exclude"}).status_code == 403
        assert client.post(reverse("patents:pool_reassign")).status_code == 403
    assert not PoolOverride.objects.exists()
    assert PatentPool.objects.get(slug="photovoltaic").name == "光伏"


@pytest.mark.django_db
def test_operator_edits_rules_and_overrides(client, operator, sample, make_user):
    broker = make_user(name="王经纪", roles=["broker"])
    client.force_login(operator)
    pool = PatentPool.objects.get(slug="photovoltaic")
    edit = reverse("patents:pool_edit", args=["photovoltaic"])
    assert client.get(edit).status_code == 200
    data = {
        "name": "光伏",
        "slug": "photovoltaic",
        "chain": pool.chain_id,
        "description": "",
        "ipc_rules": "H02S",
        "keyword_rules": "",
        "exclude_keywords": "支架",
        "strategic_emerging": "on",
        "high_value_threshold": 0,
        "brokers": [broker.pk],
        "is_active": "on",
        "order": 2,
    }
    bad = client.post(edit, {**data, "ipc_rules": "光伏"})
    assert bad.status_code == 200 and "不是有效的 IPC 前缀" in bad.content.decode()
    response = client.post(edit, data)
    assert response.status_code == 302
    page = client.get(reverse("patents:pool_detail", args=["photovoltaic"]))
    assert page.context["stats"]["total"] == 1 and "王经纪" in page.content.decode()
    override = reverse("patents:pool_override", args=["photovoltaic"])
    client.post(override, {"publication_number": sample["pv"].publication_number, "action": "include"})
    assert client.get(reverse("patents:pool_detail", args=["photovoltaic"])).context["stats"]["total"] == 2
    client.post(reverse("patents:pool_override_remove", args=["photovoltaic", sample["pv"].publication_number]))
    assert client.get(reverse("patents:pool_detail", args=["photovoltaic"])).context["stats"]["total"] == 1
    new = client.post(
        reverse("patents:pool_create"), {**data, "name": "新能源", "slug": "new-energy", "chain": "", "brokers": []}
    )
    assert new.status_code == 302 and PatentPool.objects.filter(slug="new-energy").exists()


@pytest.mark.django_db
def test_inactive_pool_hidden_from_public(client, operator):
    PatentPool.objects.filter(slug="drones").update(is_active=False)
    assert client.get(reverse("patents:pool_detail", args=["drones"])).status_code == 404
    client.force_login(operator)
    assert client.get(reverse("patents:pool_detail", args=["drones"])).status_code == 200


@pytest.mark.django_db
def test_nav_entry(client):
    assert reverse("patents:pool_list") in client.get("/").content.decode()


@pytest.mark.django_db
def test_patent_source_is_the_dataset_in_words_never_the_file_name(client, make_patent, operator, member):
    """Try-out: an anonymous visitor read 数据来源 as a raw file name. The public sees the
    dataset's name and provenance (patents/data/README.md); only operators see the file name."""
    from pathlib import Path

    from patents.provenance import DATASETS

    shipped = make_patent(kind="B", title="一种光伏逆变器", ipc_subclasses="H02S")
    shipped.source = "cn_patents_titles_ipc_9740.csv.gz"  # as the demo imports it
    shipped.save(update_fields=["source"])
    uploaded = make_patent(kind="B", title="一种储氢罐", ipc_subclasses="F17C")
    uploaded.source = "运营上传_2026批次.xlsx"
    uploaded.save(update_fields=["source"])

    for user in (None, member):  # anonymous, and a signed-in member who is no operator
        if user is not None:
            client.force_login(user)
        html = client.get(shipped.get_absolute_url()).content.decode()
        assert "中国专利公开著录数据" in html and "lxingy3/chinese-patent-ipc-classifier" in html
        assert "cn_patents_titles_ipc_9740" not in html and ".csv" not in html
        html = client.get(uploaded.get_absolute_url()).content.decode()
        assert "由平台运营人员批量导入" in html and "运营上传_2026批次" not in html and ".xlsx" not in html
    english = client.get(shipped.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Published bibliographic data of Chinese patents" in english
    client.force_login(operator)
    assert "运营上传_2026批次.xlsx" in client.get(uploaded.get_absolute_url()).content.decode()

    # The words name what the provenance file lists for that dataset.
    readme = (Path(__file__).resolve().parents[1] / "data" / "README.md").read_text(encoding="utf-8")
    for name, words in DATASETS.items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| {name}"))
        assert words["repository"] in row


@pytest.mark.django_db
def test_ipc_entry_source_is_the_edition_in_words_never_the_upstream_label(client, operator, member):
    """Try-out leftover: an IPC page showed 来源：cr_zl_v2 info.txt (the upstream's file label) to
    the public. The public reads the edition and the open project (patents/data/README.md); only
    operators also see the label."""
    from patents.models import IpcEntry

    entry = IpcEntry.objects.filter(source__contains="cr_zl_v2").order_by("code").first()
    assert entry is not None  # the IPC scheme ships with the migrations
    url = reverse("patents:ipc_detail", kwargs={"code": entry.code})
    for user in (None, member):
        if user is not None:
            client.force_login(user)
        html = client.get(url).content.decode()
        assert "IPC 2026.01 中文版" in html and "Jingyou-design/cr_zl_v2" in html
        assert entry.source not in html and "info.txt" not in html
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "IPC 2026.01 Chinese edition" in english
    client.force_login(operator)
    assert entry.source in client.get(url).content.decode()


@pytest.mark.django_db
def test_pool_card_shows_the_chain_only_when_its_name_does_not_say_it(client, sample):
    """Try-out: a pool named after its chain read "氢能 [氢能]" on the pool list."""
    from reference.models import IndustryChain

    pool = PatentPool.objects.get(slug="photovoltaic")
    chain = pool.chain or IndustryChain.objects.first()
    pool.chain = chain
    pool.name = f"{chain.name}专利池"
    pool.save()
    badge = f'<span class="badge badge-soft align-middle">{chain.name}</span>'
    assert badge not in client.get(reverse("patents:pool_list")).content.decode()
    pool.name = "西咸新区重点产业专利池"
    pool.save()
    assert badge in client.get(reverse("patents:pool_list")).content.decode()


@pytest.mark.django_db
def test_pool_counts_read_as_plurals_in_english(client, sample):
    """Try-out: an English pool page read "26 Invention patents · 10 Utility model · 0 High-value
    patent"; the counts are plural, while a patent's own badge stays singular."""
    client.cookies["django_language"] = "en"
    html = client.get(reverse("patents:pool_detail", args=["photovoltaic"])).content.decode()
    counts = html.split('id="pool-counts"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "Utility models" in counts and "High-value patents" in counts
    assert "High-value patents <span" in html  # the high-value list's heading
    badge = client.get(reverse("patents:detail", args=["CN111504366B"])).content.decode()
    assert ">High-value patent</span>" in badge
