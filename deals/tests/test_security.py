"""Issue 9: a broker's work log, the deal-opening choices and its e-mails do not leak or flood."""

import pytest
from django.core import mail
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_worklog_api_refuses_records_the_broker_may_not_open(client, broker, make_record, make_org):
    from catalog.models import Achievement, Demand
    from deals.models import WorkLog

    other = make_org(name="别家公司")
    draft_demand = make_record(Demand, owner_org=other, status="draft", title="别家草稿需求")
    draft_achievement = make_record(Achievement, owner_org=other, status="draft", title="别家草稿成果")
    unverified = make_org(name="未认证企业", verified=False)
    client.force_login(broker.user)
    url = f"/api/v1/brokers/{broker.pk}/worklogs/"
    base = {"kind": "follow", "happened_on": str(timezone.localdate()), "note": "跟踪"}
    for field, pk in (
        ("demand", draft_demand.pk),
        ("achievement", draft_achievement.pk),
        ("enterprise", unverified.pk),
    ):
        response = client.post(url, {**base, field: pk}, content_type="application/json")
        assert response.status_code == 400, response.content
        assert field in response.json()["error"]["fields"]
    assert not WorkLog.objects.exists()
    assert "别家草稿" not in client.get(url).content.decode()
    published = make_record(Demand, owner_org=other, title="别家公开需求")
    assert client.post(url, {**base, "demand": published.pk}, content_type="application/json").status_code == 201


def test_unverified_organisations_are_not_offered_nor_accepted(client, buyer, university, company, make_org):
    pending = make_org(name="待认证的公司", verified=False)
    client.force_login(buyer)
    page = client.get("/deals/open/").content.decode()
    assert university.name in page and pending.name not in page
    response = client.post(
        "/api/v1/deals/",
        {"title": "对接", "supply_org": pending.pk, "demand_org": company.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "supply_org" in response.json()["error"]["fields"]
    from django.core.exceptions import ValidationError

    from deals.services.deals import deal_open

    with pytest.raises(ValidationError):
        deal_open(by=buyer, supply_org=pending, demand_org=company, title="对接")


def test_opening_a_deal_mails_a_bounded_number_of_members(
    buyer, university, company, make_user, django_capture_on_commit_callbacks, settings
):
    from deals.services.deals import deal_open

    settings.DEALS_EMAIL_PER_ORGANISATION = 3
    admin = make_user(org=university, org_role="admin", email="admin@uni.cn")
    for n in range(12):
        make_user(org=university, email=f"m{n}@uni.cn")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        deal = deal_open(by=buyer, supply_org=university, demand_org=company, title="对接")
    recipients = [address for message in mail.outbox for address in message.to]
    uni = [r for r in recipients if r.endswith("@uni.cn")]
    assert len(uni) == 3 and admin.email in uni
    # Every member still finds the deal in the platform's inbox.
    from notifications.selectors import about

    assert about(deal).filter(kind="deals.opened").count() >= 13


def test_downloads_of_attachments_and_contract_scans_are_audited(client, signed_deal, researcher, buyer):
    from core.audit import AuditEntry
    from deals.models import MessageAttachment
    from deals.services.messages import message_post
    from deals.tests.conftest import pdf

    deal = signed_deal()
    message_post(deal=deal, by=researcher, body="报价", files=[pdf("offer.pdf")])
    attachment = MessageAttachment.objects.get()
    client.force_login(buyer)
    assert client.get(f"/deals/attachments/{attachment.pk}/").status_code == 200
    assert client.get(f"/deals/{deal.pk}/contract/scan/").status_code == 200
    rows = AuditEntry.objects.filter(actor=buyer, action__startswith="download.")
    assert {(r.action, r.outcome, r.ip) for r in rows} == {
        ("download.deal_attachment", "success", "127.0.0.1"),
        ("download.contract_scan", "success", "127.0.0.1"),
    }


def test_contract_field_history(signed_deal):
    deal = signed_deal()
    contract = deal.contract
    contract.title = "技术转让合同（修订）"
    contract.save()
    titles = [h.title for h in contract.history.order_by("history_date")]
    assert titles[-2:] == ["技术转让合同", "技术转让合同（修订）"]
