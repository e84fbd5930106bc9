"""The pages walk: open from a demand, negotiate, contract with scan, sign, register, see statistics."""

import datetime as dt

import pytest
from django.urls import reverse

from deals.models import Deal

from .conftest import pdf

REG_FORM = {
    "tech_field": "03",
    "ip_type": "none",
    "valid_from": "2026-01-01",
    "valid_until": "2027-12-31",
    "subject_summary": "演示：双极板成形工艺开发",
}

pytestmark = pytest.mark.django_db


def test_open_form_prefilled_from_match(client, researcher, demand, achievement, university, company):
    client.force_login(researcher)
    url = reverse("deals:open") + f"?from_kind=demands&from_id={demand.pk}&to_kind=achievements&to_id={achievement.pk}"
    response = client.get(url)
    form = response.context["form"]
    assert form.initial["supply_org"] == university.pk and form.initial["demand_org"] == company.pk
    assert demand.title in form.initial["title"]
    response = client.post(
        reverse("deals:open"),
        {
            "title": form.initial["title"],
            "supply_org": university.pk,
            "demand_org": company.pk,
            "from_kind": "demands",
            "from_id": demand.pk,
            "to_kind": "achievements",
            "to_id": achievement.pk,
        },
    )
    deal = Deal.objects.get()
    assert response.status_code == 302 and deal.origin == "match"
    assert deal.demand == demand and deal.achievement == achievement


def test_open_refuses_invisible_record(client, outsider, make_record, company, university, researcher):
    from catalog.models import Demand

    draft = make_record(Demand, owner_org=company, status="draft", title="草稿需求")
    client.force_login(researcher)
    response = client.get(reverse("deals:open") + f"?from_kind=demands&from_id={draft.pk}")
    assert response.context["linked"] == []


def test_panel_on_demand_detail(client, demand, open_deal, buyer, outsider, operator, broker):
    open_deal()
    client.force_login(buyer)
    page = client.get(demand.get_absolute_url()).content.decode()
    assert "发起对接" in page and "双极板技术对接" in page
    client.force_login(outsider)
    page = client.get(demand.get_absolute_url()).content.decode()
    assert "发起对接" in page and "双极板技术对接" not in page
    client.force_login(operator)
    assert "分派" in client.get(demand.get_absolute_url()).content.decode()


def test_walk_through_pages(client, researcher, buyer, operator, demand, university, company):
    client.force_login(buyer)
    client.post(
        reverse("deals:open"),
        {
            "title": "页面对接",
            "supply_org": university.pk,
            "demand_org": company.pk,
            "from_kind": "demands",
            "from_id": demand.pk,
        },
    )
    deal = Deal.objects.get()
    client.force_login(researcher)
    client.post(reverse("deals:transition", args=[deal.pk]), {"action": "negotiate"})
    client.post(reverse("deals:message_post", args=[deal.pk]), {"body": "附上报价", "files": [pdf("offer.pdf")]})
    response = client.post(
        reverse("deals:contract", args=[deal.pk]),
        {
            "title": "技术开发合同",
            "contract_type": "development",
            "total_amount": "200",
            "tech_amount": "150",
            "payment_mode": "instalments",
            "instalment_plan": "签约 50%\n验收 50%",
            "signed_on": str(dt.date.today()),
            "signed_scan": pdf(),
            **REG_FORM,
            "subtype": "commissioned_dev",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    client.post(reverse("deals:transition", args=[deal.pk]), {"action": "sign"})
    deal.refresh_from_db()
    assert deal.stage == "signed"
    detail = client.get(deal.get_absolute_url()).content.decode()
    assert "委托方" in detail and "附上报价" in detail and "offer.pdf" in detail
    # A party cannot register; the operator can, from the queue.
    client.post(reverse("deals:register", args=[deal.pk]), {"registry": "610000"})
    deal.refresh_from_db()
    assert deal.stage == "signed"
    client.force_login(operator)
    assert "技术开发合同" in client.get(reverse("deals:registration_queue")).content.decode()
    client.post(reverse("deals:register", args=[deal.pk]), {"registry": "610000", "next": "queue"})
    deal.refresh_from_db()
    assert deal.stage == "registered" and deal.contract.registration_number.startswith("610000")
    assert "150.00" in client.get(reverse("deals:statistics")).content.decode()
    client.force_login(buyer)
    assert client.get(reverse("deals:contract_scan", args=[deal.pk])).status_code == 200
    assert client.get(reverse("deals:list")).status_code == 200
    assert client.get(reverse("deals:notifications"), follow=True).status_code == 200


def test_api_walk(client, researcher, buyer, operator, demand, university, company):
    client.force_login(buyer)
    response = client.post(
        "/api/v1/deals/",
        {
            "title": "API 对接",
            "supply_org": university.pk,
            "demand_org": company.pk,
            "from_kind": "demands",
            "from_id": demand.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    client.force_login(researcher)  # the other side accepts the deal
    assert (
        client.post(
            f"/api/v1/deals/{pk}/transition/", {"action": "negotiate"}, content_type="application/json"
        ).status_code
        == 200
    )
    response = client.post(f"/api/v1/deals/{pk}/transition/", {"action": "sign"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["fields"]["stage"]
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    body = encode_multipart(
        BOUNDARY,
        {
            "title": "API 合同",
            "contract_type": "service",
            "total_amount": "10",
            "tech_amount": "8",
            "payment_mode": "lump_sum",
            "signed_on": str(dt.date.today()),
            "signed_scan": pdf(),
            **REG_FORM,
            "subtype": "service",
        },
    )
    response = client.put(f"/api/v1/deals/{pk}/contract/", body, content_type=MULTIPART_CONTENT)
    assert response.status_code == 200, response.content
    assert (
        client.post(f"/api/v1/deals/{pk}/transition/", {"action": "sign"}, content_type="application/json").json()[
            "stage"
        ]
        == "signed"
    )
    client.force_login(operator)
    response = client.post(
        f"/api/v1/deals/{pk}/contract/register/", {"registry": "西咸"}, content_type="application/json"
    )
    assert response.json()["registration_number"] == f"西咸{dt.date.today().year}000001"
    assert client.get("/api/v1/deal-statistics/").json()["totals"]["tech_amount"] == 8.0


def test_registration_queue_offers_register_only_after_the_application(client, signed_deal, operator, researcher):
    """登记 is offered once the parties have applied (申请登记); a signed draft waits for them, on the
    queue and on the deal page alike. Nobody but operators sees the queue."""
    from deals.services.registration import registration_submit

    draft, applied = signed_deal(), signed_deal()
    registration_submit(contract=applied.contract, by=researcher)
    client.force_login(operator)
    page = client.get(reverse("deals:registration_queue")).content.decode()
    rows = {
        pk: page.split(f'data-contract="{pk}"')[1].split("</tr>")[0] for pk in (draft.contract.pk, applied.contract.pk)
    }
    assert reverse("deals:register", args=[applied.pk]) in rows[applied.contract.pk]
    assert reverse("deals:register", args=[draft.pk]) not in rows[draft.contract.pk]
    assert "待双方申请登记" in rows[draft.contract.pk] and "未申请" in rows[draft.contract.pk]
    assert page.index(f'data-contract="{applied.contract.pk}"') < page.index(f'data-contract="{draft.contract.pk}"')
    assert client.get(draft.get_absolute_url()).context["register_form"] is None
    assert client.get(applied.get_absolute_url()).context["register_form"] is not None
    client.force_login(researcher)
    assert client.get(reverse("deals:registration_queue")).status_code == 403
