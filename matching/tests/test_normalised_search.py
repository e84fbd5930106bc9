"""One normaliser and one synonym table for everything that searches: libraries, patents, the
site-wide search; patent numbers as people write them go straight to the patent."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from catalog import importing
from catalog.models import Achievement, Demand, Instrument
from matching import analysis
from patents.models import Patent
from patents.services.importing import import_rows

INTAKE = Path(settings.BASE_DIR) / "tests" / "intake"

pytestmark = pytest.mark.django_db


def _list(client, library, q):
    response = client.get(reverse("catalog:list", args=[library]), {"q": q})
    assert response.status_code == 200
    return response.context["result"]


@pytest.fixture
def mixed(operator, django_capture_on_commit_callbacks):
    path = INTAKE / "mixed-latin-han_achievements.csv"
    with django_capture_on_commit_callbacks(execute=True):
        report = importing.import_records(
            model=Achievement, filename=path.name, content=path.read_bytes(), by=operator, publish=True
        )
    assert report.ok, report.errors
    return {a.title: a for a in Achievement.objects.all()}


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("3D", "演示成果：金属3D打印钛合金骨科支架"),
        ("3d 打印", "演示成果：金属3D打印钛合金骨科支架"),
        ("３Ｄ打印", "演示成果：金属3D打印钛合金骨科支架"),
        ("X 射线", "演示成果：工业CT与X射线无损检测平台"),
        ("x射线", "演示成果：工业CT与X射线无损检测平台"),
        ("增材制造", "演示成果：金属3D打印钛合金骨科支架"),  # synonym of 3D打印
    ],
)
def test_mixed_latin_han_tokens_are_found_by_their_parts(client, mixed, query, title):
    result = _list(client, "achievements", query)
    assert result.engine == "tantivy"
    assert [a.title for a in result.queryset] == [title]


@pytest.mark.parametrize("query", ["的", "a", "the", "%", "（）"])
def test_a_query_of_stop_words_or_punctuation_only_finds_nothing(client, mixed, query):
    # Try-out: "a" on the site search listed all 4,021 demo achievements (the substring fallback
    # answered once the analyser had dropped the stop word); both titles contain 的 and a 'a'.
    result = _list(client, "achievements", query)
    assert result.engine == "tantivy"
    assert list(result.queryset) == []
    assert [a.title for a in _list(client, "achievements", "的 3D").queryset] == ["演示成果：金属3D打印钛合金骨科支架"]


def test_mixed_parts():
    assert analysis.mixed_parts("3d打印") == ["3d", "打印"]
    assert analysis.mixed_parts("5g基站") == ["5g", "基站"]
    assert analysis.mixed_parts("打印") == [] and analysis.mixed_parts("ct") == []
    assert {"3d", "打印", "x", "射线"} <= set(analysis.tokens("3D打印与X射线"))


def test_normaliser_removes_format_characters_and_converts_script():
    assert analysis.normalise("燃\u200b料電池\u00ad ") == "燃料电池"
    assert analysis.query_tokens("燃\u200b料电池") == analysis.query_tokens("燃料电池")
    assert analysis.normalise("ＣＮ　１１４") == "cn 114"


@pytest.fixture
def records(make_record, enterprise, publish):
    made = {
        "sem": make_record(Instrument, owner_org=enterprise, status="submitted", title="场发射扫描电子显微镜"),
        "fc": make_record(Demand, owner_org=enterprise, status="submitted", title="燃料电池膜电极", problem="衰减快"),
        "li": make_record(Demand, owner_org=enterprise, status="submitted", title="锂离子电池回收", problem="拆解难"),
        "aph": make_record(Demand, owner_org=enterprise, status="submitted", title="空气预热器堵灰", problem="压差大"),
        "pepper": make_record(Demand, owner_org=enterprise, status="submitted", title="辣椒烘干设备", problem="能耗高"),
    }
    for record in made.values():
        publish(record)
    return made


@pytest.mark.parametrize(
    ("library", "query", "key"),
    [
        ("instruments", "电镜", "sem"),
        ("instruments", "扫描电镜", "sem"),
        ("demands", "氢燃料电池", "fc"),
        ("demands", "燃\u200b料电池", "fc"),
        ("demands", "锂电池", "li"),
        ("demands", "鋰電池", "li"),
        ("demands", "空预器", "aph"),
        ("demands", "朝天椒", "pepper"),
    ],
)
def test_synonyms_and_abbreviations_find_the_full_term(client, records, library, query, key):
    result = _list(client, library, query)
    assert result.engine == "tantivy"
    assert list(result.queryset) == [records[key]]


def test_synonym_equivalence_runs_both_ways(client, make_record, enterprise, publish):
    short = make_record(Demand, owner_org=enterprise, status="submitted", title="空预器改造", problem="漏风")
    publish(short)
    assert list(_list(client, "demands", "空气预热器").queryset) == [short]


def test_synonym_table_is_read_from_the_file_operators_extend(tmp_path):
    path = tmp_path / "synonyms.txt"
    path.write_text("# comment\n电镜 => 电子显微镜\n锂电池 = 鋰離子電池\n", encoding="utf-8")
    table = analysis.read_synonyms(path)
    assert table["电镜"] == ["电子显微镜"] and "电子显微镜" not in table
    assert table["锂电池"] == ["锂离子电池"] and table["锂离子电池"] == ["锂电池"]
    assert analysis.read_synonyms()["电镜"] == ["电子显微镜"]  # the shipped table


def test_latin_synonym_keys_need_word_boundaries():
    groups = analysis.query_groups("wait")
    assert groups == [[["wait"]]]


# ---- patents --------------------------------------------------------------------------------


@pytest.fixture
def patents(db):
    rows = [
        {"publication_number": "CN114081026A", "title": "一种水电站高压输电线路驱鸟保护装置"},
        {"publication_number": "CN111504366B", "title": "基于人工智能的流体输送系统精确计量方法"},
        {"publication_number": "CN119000010A", "title": "一种锂电池热失控预警方法"},
        {"publication_number": "CN119000011A", "title": "A型支架的装配方法"},
        {
            "publication_number": "CN107300001B",
            "title": "一种光伏组件清洗装置",
            "application_number": "201710601862.3",
        },
    ]
    import_rows(list(enumerate(rows, start=2)), source="test")
    call_command("rebuild_index", "--library", "patents", "--no-vectors", stdout=StringIO())
    return {p.publication_number: p for p in Patent.objects.all()}


@pytest.mark.parametrize(
    "query",
    [
        "CN114081026A",
        "CN 114081026 A",
        "CN-114081026-A",
        "cn114081026a",
        "ＣＮ１１４０８１０２６Ａ",
        " CN114081026B ",  # the same serial under another kind code
    ],
)
def test_patent_number_query_goes_straight_to_the_patent(client, patents, query):
    target = patents["CN114081026A"].get_absolute_url()
    response = client.get(reverse("patents:list"), {"q": query})
    assert response.status_code == 302 and response["Location"] == target
    response = client.get(reverse("core:search"), {"q": query})
    assert response.status_code == 302 and response["Location"] == target


@pytest.mark.parametrize("query", ["201710601862.3", "ZL201710601862.3", "ZL 2017 1 0601862.3", "2017106018623"])
def test_application_and_zl_numbers_go_to_the_patent(client, patents, query):
    response = client.get(reverse("patents:list"), {"q": query})
    assert response["Location"] == patents["CN107300001B"].get_absolute_url()


def test_patent_keyword_search_uses_the_index_and_normaliser(client, patents):
    response = client.get(reverse("patents:list"), {"q": "鋰電池"})
    assert [p.publication_number for p in response.context["page"]] == ["CN119000010A"]
    response = client.get(reverse("patents:list"), {"q": "锂离子电池"})  # synonym
    assert [p.publication_number for p in response.context["page"]] == ["CN119000010A"]
    # Every word is required, and a Latin letter is not a substring match over every title.
    response = client.get(reverse("patents:list"), {"q": "驱鸟 A"})
    assert [p.publication_number for p in response.context["page"]] == ["CN114081026A"]
    response = client.get(reverse("patents:list"), {"q": "驱鸟 计量"})
    assert [p.publication_number for p in response.context["page"]] == []
    from patents import selectors

    assert selectors.patent_search({"q": "驱鸟"}).engine == "tantivy"
    ranked = selectors.patent_list({"q": "驱鸟", "pool": "hydrogen"})  # RankedRecords over the filtered queryset
    assert "DISTINCT" not in str(ranked.queryset.query).upper()


def test_site_search_includes_patents(client, patents):
    response = client.get(reverse("core:search"), {"q": "光伏组件"})
    labels = [s.label for s in response.context["sections"]]
    assert "专利" in labels
    assert "CN107300001B" in response.content.decode()


def test_patent_page_lists_every_citing_record_however_written(client, operator, patents):
    path = INTAKE / "patent-numbers-as-written_achievements.csv"
    report = importing.import_records(
        model=Achievement, filename=path.name, content=path.read_bytes(), by=operator, publish=True
    )
    assert report.ok, report.errors
    # One record saved by hand with the numbers as typed (full width, spaces, two per cell).
    Achievement.objects.filter(title__contains="丁").update(patent_numbers="ＣＮ１１１５０４３６６Ｂ；cn 114081026 a")
    response = client.get(patents["CN114081026A"].get_absolute_url())
    assert len(response.context["achievements"]) == 4
    response = client.get(patents["CN111504366B"].get_absolute_url())
    assert len(response.context["achievements"]) == 1
    achievement = Achievement.objects.get(title__contains="丁")
    page = client.get(achievement.get_absolute_url()).content.decode()
    assert "暂无" not in page or "CN、" not in page
    assert "CN111504366B" in page and "CN114081026A" in page


def test_home_chips_lead_to_results(client, patents):
    from reference.models import IndustryChain

    home = client.get(reverse("core:home")).content.decode()
    chain = IndustryChain.objects.get(slug="photovoltaic")
    link = reverse("core:search") + f"?chain={chain.slug}"
    assert link in home
    response = client.get(link)
    assert any(s.label == "专利" and s.total >= 1 for s in response.context["sections"])
