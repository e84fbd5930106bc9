"""The institution's queue: contact, approve with amount and rate, refuse with a reason; every step
recorded and notified; a loan feeds the indicators; a loan enquiry is never a technology deal."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from finance import metrics, services
from finance.models import Application, Loan
from finance.tests.conftest import notifications


@pytest.fixture
def application(hightech, hightech_admin, rd_loan, banker, other_banker, post_need):
    need = post_need(hightech, hightech_admin)
    return services.application_submit(need=need, product=rd_loan, by=hightech_admin)


@pytest.mark.django_db
def test_a_loan_enquiry_never_creates_a_technology_deal(client, hightech, hightech_admin, rd_loan, banker, post_need):
    from deals.models import Contract, Deal

    client.force_login(hightech_admin)
    response = client.post(
        reverse("finance:need_create"),
        {
            "amount": "500",
            "term_months": "24",
            "need_type": "debt",
            "purpose": "中试线",
            "share_with": [],
        },
    )
    need = hightech.financing_needs.get()
    assert response.status_code == 302 and response["Location"] == reverse("finance:need", args=[need.pk])
    html = client.get(response["Location"]).content.decode()
    assert "申请此产品" in html and "发起对接" not in html and reverse("deals:open") not in html
    client.post(reverse("finance:need_apply", args=[need.pk]), {"product": rd_loan.pk})
    application = Application.objects.get()
    client.force_login(banker)
    client.post(
        reverse("finance:application_action", args=[application.pk, "approve"]), {"amount": "400", "rate": "3.8"}
    )
    assert Application.objects.get().status == "approved" and Loan.objects.count() == 1
    assert Deal.objects.count() == 0 and Contract.objects.count() == 0


@pytest.mark.django_db
def test_approve_records_notifies_and_feeds_the_indicators(application, banker, hightech_admin, other_banker):
    services.application_transition(application=application, by=banker, action="contact")
    assert notifications(hightech_admin, "finance.application_contact").count() == 1
    services.application_transition(application=application, by=banker, action="approve", amount="400", rate="3.85")
    application.refresh_from_db()
    assert application.status == "approved" and application.approved_amount == Decimal("400.00")
    assert application.approved_term_months == 36
    assert [e.action for e in application.events.all()] == ["submit", "contact", "approve"]
    note = notifications(hightech_admin, "finance.application_approve").get()
    assert "400" in note.body and "3.85" in note.body
    assert not notifications(other_banker).exists()
    loan = application.loan
    assert loan.amount == Decimal("400.00") and loan.new_city == "fengxi" and loan.product_type == "rd_loan"
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    assert metrics.finance_amount(start, today) == Decimal("0.0400")  # 400 万元 = 0.04 亿元
    assert metrics.finance_breakdown(start, today, "product_type") == {"研发贷": Decimal("0.0400")}
    assert metrics.finance_breakdown(start, today, "new_city") == {"沣西新城": Decimal("0.0400")}
    assert metrics.firms_matched(start, today) == 1 and metrics.firms_financed(start, today) == 1


@pytest.mark.django_db
def test_refuse_needs_a_reason_and_only_the_institution_decides(application, banker, other_banker, hightech_admin):
    with pytest.raises(PermissionDenied):
        services.application_transition(application=application, by=other_banker, action="approve", amount="100")
    with pytest.raises(PermissionDenied):
        services.application_transition(application=application, by=hightech_admin, action="approve", amount="100")
    with pytest.raises(ValidationError):
        services.application_transition(application=application, by=banker, action="refuse", reason=" ")
    with pytest.raises(ValidationError):
        services.application_transition(application=application, by=banker, action="approve", amount="-1")
    assert Application.objects.get().status == "submitted" and not Loan.objects.exists()
    services.application_transition(application=application, by=banker, action="refuse", reason="抵押不足")
    assert "抵押不足" in notifications(hightech_admin, "finance.application_refuse").get().body
    with pytest.raises(ValidationError):  # decided: no second decision
        services.application_transition(application=application, by=banker, action="approve", amount="100")


@pytest.mark.django_db
def test_api_approve_and_errors(client, application, banker):
    client.force_login(banker)
    url = f"/api/v1/financing/applications/{application.pk}/approve/"
    bad = client.post(url, {"amount": "abc"}, content_type="application/json")
    assert bad.status_code == 400 and "amount" in bad.json()["error"]["fields"]
    ok = client.post(url, {"amount": "300", "rate": "4.1", "term_months": 24}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert client.post(f"/api/v1/financing/applications/{application.pk}/fly/", {}).status_code == 400


@pytest.mark.django_db
def test_api_need_post_matches_and_apply(client, hightech, hightech_admin, rd_loan, small, small_admin, bank):
    client.force_login(hightech_admin)
    body = {
        "organisation": hightech.pk,
        "amount": "500",
        "term_months": 24,
        "need_type": "debt",
        "purpose": "研发",
        "share_with": [bank.pk],
    }
    made = client.post("/api/v1/financing/needs/", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["matched_products"] == 1
    pk = made.json()["id"]
    matches = client.get(f"/api/v1/financing/needs/{pk}/matches/").json()
    assert matches["eligible"][0]["reasons"][0] == "高新技术企业 ✓"
    applied = client.post(
        f"/api/v1/financing/needs/{pk}/apply/", {"product": rd_loan.pk}, content_type="application/json"
    )
    assert applied.status_code == 201
    # The small firm's admin may not post for the high-tech firm.
    client.force_login(small_admin)
    assert client.post("/api/v1/financing/needs/", body, content_type="application/json").status_code == 403
    body["organisation"] = small.pk
    pk = client.post("/api/v1/financing/needs/", body, content_type="application/json").json()["id"]
    refused = client.post(
        f"/api/v1/financing/needs/{pk}/apply/", {"product": rd_loan.pk}, content_type="application/json"
    )
    assert refused.status_code == 400 and "高新技术企业 ✗" in str(refused.json()["error"]["fields"]["product"])
