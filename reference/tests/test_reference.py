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
