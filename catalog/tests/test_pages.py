import pytest
from django.urls import reverse

from catalog.libraries import LIBRARIES
from catalog.models import Demand


@pytest.mark.parametrize("slug", list(LIBRARIES))
def test_public_list_and_detail_render(client, make_record, enterprise, slug):
    record = make_record(LIBRARIES[slug].model, owner_org=enterprise, title="光伏组件清洗机器人")
    response = client.get(reverse("catalog:list", args=[slug]), {"q": "光伏"})
    assert response.status_code == 200
    assert "光伏组件清洗机器人" in response.content.decode()
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200


def test_home_and_search_render(client, make_record, enterprise):
    make_record(Demand, owner_org=enterprise, title="无人机电池续航")
    assert client.get(reverse("core:home")).status_code == 200
    response = client.get(reverse("core:search"), {"q": "无人机"})
    assert "无人机电池续航" in response.content.decode()


def test_draft_is_not_public(client, make_record, enterprise):
    record = make_record(Demand, owner_org=enterprise, status="draft", title="草稿需求")
    assert client.get(record.get_absolute_url()).status_code == 404
    assert "草稿需求" not in client.get(reverse("catalog:list", args=["demands"])).content.decode()


def test_the_demand_forms_industry_chains_are_named_in_the_readers_language(client, member):
    """Try-out: the 产业链 checkboxes of the English demand form read 氢能, 光伏 …"""
    client.force_login(member)
    url = reverse("catalog:create", args=["demands"])
    assert "氢能" in client.get(url).content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hydrogen energy" in english and "氢能" not in english


def test_the_demand_form_says_the_budget_is_confidential(client, member):
    client.force_login(member)
    form = client.get(reverse("catalog:create", args=["demands"])).context["form"]
    for name in ("budget_min", "budget_max", "confidential_details"):
        assert form.fields[name].help_text == "仅本机构、对接双方、经纪人和平台运营人员可见", name
    assert not form.fields["title"].help_text


def test_member_create_form_saves_draft(client, member, enterprise):
    client.force_login(member)
    url = reverse("catalog:create", args=["demands"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "高精度减速器", "problem": "回差大", "visibility": "public"})
    assert response.status_code == 302, response.content.decode()[:2000]
    demand = Demand.objects.get(title="高精度减速器")
    assert demand.status == "draft" and demand.owner_org == enterprise and demand.created_by == member


def test_the_english_demand_page_reads_as_english(client, member, make_record, enterprise):
    """Try-out: the English demand page read "Joint development、Technology services",
    "2026-12-02（Valid until 2027-12-02）" and, with only an upper budget, "— – 200.00 10k CNY"."""
    record = make_record(
        Demand,
        owner_org=enterprise,
        title="氢燃料电池电堆寿命提升",
        budget_max=200,
        cooperation_modes=["transfer", "licence"],
    )
    client.force_login(member)  # of the owning organisation: may read the budget
    chinese = client.get(record.get_absolute_url()).content.decode()
    english = client.get(record.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "不超过 200.00 万元" in chinese and "—" not in chinese.split("预算", 1)[1][:200]
    assert "up to 200.00 10k CNY" in english
    assert "Transfer, Licensing" in english and "、" not in english.split("Preferred cooperation", 1)[1][:300]
    assert "（" not in english.split("Published on", 1)[1][:200] and "(valid until" in english
