import pytest
from django.urls import reverse

from reference.models import IndustryChain, Park, Region


@pytest.mark.django_db
def test_regions_loaded_by_migration():
    assert Region.objects.get(code="610000").level == "province"
    assert Region.objects.filter(level="prefecture").count() == 10
    assert Region.objects.get(code="610113").parent_id == "610100"  # 雁塔区 in 西安市
    assert set(IndustryChain.objects.values_list("slug", flat=True)) >= {
        "hydrogen",
        "photovoltaic",
        "connected-vehicles",
        "drones",
        "ai",
        "biomedicine",
        "high-end-equipment",
    }


@pytest.mark.django_db
def test_county_options_endpoint(client):
    html = client.get(reverse("reference:county_options"), {"prefecture": "610400"}).content.decode()
    assert '<option value="610402">' in html and "610113" not in html
    assert html.count("<option") == Region.objects.filter(parent_id="610400").count() + 1
    html = client.get(reverse("reference:county_options")).content.decode()
    assert html.count("<option") == 1 and "请先选择地市" in html


@pytest.mark.django_db
def test_forms_wire_county_to_prefecture(client, member):
    client.force_login(member)
    for url in (reverse("accounts:organisation_create"), reverse("catalog:create", args=["demands"])):
        html = client.get(url).content.decode()
        assert f'hx-get="{reverse("reference:county_options")}"' in html and 'hx-target="#id_county"' in html
        assert "610113" not in html  # no counties until a prefecture is chosen


@pytest.mark.django_db
def test_record_form_keeps_chosen_prefecture_counties(client, member):
    client.force_login(member)
    response = client.post(
        reverse("catalog:create", args=["demands"]),
        {"title": "", "problem": "", "prefecture": "610100", "visibility": "public"},
    )
    html = response.content.decode()
    assert '<option value="610113">' in html and '<option value="610402">' not in html


@pytest.mark.django_db
def test_reference_api(client):
    regions = client.get("/api/v1/regions/", {"parent": "610100"}).json()
    assert {r["code"] for r in regions} >= {"610113", "610102"} and all(r["level"] == "county" for r in regions)
    assert len(client.get("/api/v1/regions/", {"level": "prefecture"}).json()) == 10
    chains = client.get("/api/v1/industry-chains/").json()
    assert chains[0]["slug"] == "hydrogen"
    assert client.get("/api/v1/industry-chains/hydrogen/").json()["name"] == "氢能"
    park = Park.objects.create(name="测试用沣西新城信息产业园", new_city="fengxi")
    park.industry_chains.add(IndustryChain.objects.get(slug="ai"))
    body = client.get("/api/v1/parks/", {"new_city": "fengxi"}).json()
    expected = Park.objects.filter(new_city="fengxi").count()
    assert body["count"] == expected and expected >= 1
    assert all(row["new_city"] == "fengxi" for row in body["results"])
    row = next(row for row in body["results"] if row["name"] == park.name)
    assert row["industry_chains"] == ["ai"]
    assert client.post("/api/v1/parks/", {"name": "x"}).status_code in (401, 403, 405)


def test_industry_chain_label_follows_the_readers_language(client, db):
    """Chain names on pages (home chips, filters, cards) read in English on English pages."""
    from django.utils import translation

    from reference.models import IndustryChain

    chain = IndustryChain.objects.get(slug="hydrogen")
    with translation.override("zh-hans"):
        assert chain.label == "氢能"
    with translation.override("en"):
        assert chain.label == chain.name_en != ""
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert chain.name_en in html


@pytest.mark.django_db
def test_every_region_has_an_english_name():
    """Try-out: region names stayed Chinese on English pages. Every region loaded by the migrations
    has its English name (reference/data/shaanxi_61_names_en.csv), with the official spellings
    that a plain romaniser gets wrong (陕西 Shaanxi, not Shanxi; 秦都 Qindu; 长武 Changwu)."""
    assert not Region.objects.filter(name_en="").exists()
    names = dict(Region.objects.values_list("code", "name_en"))
    assert names["610000"] == "Shaanxi"
    assert names["610100"] == "Xi'an"
    assert names["610116"] == "Chang'an District"
    assert names["610402"] == "Qindu District"
    assert names["610428"] == "Changwu County"
    assert names["610581"] == "Hancheng City"


@pytest.mark.django_db
def test_regions_and_places_read_in_the_readers_language():
    from django.utils import translation

    from reference.models import place_name

    xian, beilin = Region.objects.get(code="610100"), Region.objects.get(code="610103")
    assert str(beilin) == "碑林区" and place_name(xian, beilin) == "西安市碑林区"
    with translation.override("en"):
        assert str(beilin) == "Beilin District" and beilin.label == "Beilin District"
        assert place_name(xian, beilin) == "Beilin District, Xi'an"
        assert place_name(xian) == "Xi'an"
    assert place_name(None) == ""


@pytest.mark.django_db
def test_record_and_county_options_name_regions_in_english(client, make_record, enterprise):
    from catalog.models import Demand

    demand = make_record(
        Demand,
        owner_org=enterprise,
        title="西安需求",
        prefecture=Region.objects.get(code="610100"),
        county=Region.objects.get(code="610113"),
        new_city="fengdong",
    )
    html = client.get(demand.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "西安市雁塔区（沣东新城）" in html
    client.cookies["django_language"] = "en"
    html = client.get(demand.get_absolute_url()).content.decode()
    assert (
        "Yanta District, Xi&#x27;an (" in html and "雁塔区" not in html and "（" not in html.split("Xi&#x27;an")[1][:5]
    )
    html = client.get(reverse("reference:county_options"), {"prefecture": "610100"}).content.decode()
    assert ">Yanta District</option>" in html and "雁塔区" not in html


@pytest.mark.django_db
def test_regions_api_gives_the_english_name(client):
    regions = {r["code"]: r for r in client.get("/api/v1/regions/", {"parent": "610100"}).json()}
    assert regions["610113"]["name"] == "雁塔区" and regions["610113"]["name_en"] == "Yanta District"
