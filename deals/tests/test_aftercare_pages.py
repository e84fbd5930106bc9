"""Issue 16, the pages after the contract: the payment schedule (add, edit, paid with evidence),
co-broker shares and fees, client ratings, 变更 and 解除 登记 — each with who must NOT act, Chinese
errors and nothing half-written on bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deals import statistics
from deals.models import BrokerAssignment, ContractAmendment, ContractTermination, Instalment
from deals.services.contracts import contract_register
from deals.services.deals import broker_assign

from .conftest import pdf

pytestmark = pytest.mark.django_db


def _page(client, user, name, deal, *args, data=None, **extra):
    client.force_login(user)
    url = reverse(f"deals:{name}", args=[deal.pk, *args])
    return client.post(url, data, **extra) if data is not None else client.get(url)


def test_instalments_add_edit_and_limits(client, signed_deal, researcher, buyer, outsider):
    deal = signed_deal()  # 合同成交额 100 万元
    today = dt.date.today()
    r = _page(
        client, buyer, "payments", deal, data={"due_on": today.isoformat(), "amount": "60", "milestone": "签约后"}
    )
    assert r.status_code == 302
    r = _page(client, researcher, "payments", deal, data={"due_on": today.isoformat(), "amount": "50"})
    assert r.status_code == 200 and "不能超过合同成交额" in r.content.decode()  # 60 + 50 > 100
    r = _page(client, researcher, "payments", deal, data={"due_on": "not-a-date", "amount": "abc"})
    assert r.status_code == 200 and Instalment.objects.count() == 1  # form errors, nothing written
    first = Instalment.objects.get()
    r = _page(client, researcher, "instalment_edit", deal, first.pk, data={"due_on": today.isoformat(), "amount": "40"})
    assert r.status_code == 302
    first.refresh_from_db()
    assert first.amount == Decimal("40.00") and first.milestone == ""
    # Someone outside the deal sees nothing and can do nothing.
    assert _page(client, outsider, "payments", deal).status_code == 404
    r = _page(client, outsider, "instalment_edit", deal, first.pk, data={"due_on": today.isoformat(), "amount": "1"})
    assert r.status_code == 404 and Instalment.objects.get().amount == Decimal("40.00")
    client.logout()
    assert client.get(reverse("deals:payments", args=[deal.pk])).status_code == 302  # to the login page


def test_instalment_paid_with_evidence(client, signed_deal, researcher, buyer, outsider):
    deal = signed_deal()
    inst = Instalment.objects.create(contract=deal.contract, seq=1, due_on=dt.date.today(), amount=Decimal("30"))
    today = dt.date.today().isoformat()
    fake = SimpleUploadedFile("voucher.pdf", b"MZ not a pdf", content_type="application/pdf")
    r = _page(client, buyer, "instalment_paid", deal, inst.pk, data={"paid_on": today, "evidence": fake})
    assert r.status_code == 200 and "附件内容与扩展名" in r.content.decode()
    inst.refresh_from_db()
    assert inst.paid_on is None and not inst.evidence  # nothing half-written
    r = _page(client, buyer, "instalment_paid", deal, inst.pk, data={"paid_on": today})
    assert "这个字段是必填项" in r.content.decode() or "必填" in r.content.decode()  # evidence required
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    r = _page(client, buyer, "instalment_paid", deal, inst.pk, data={"paid_on": future, "evidence": pdf("v.pdf")})
    assert "实付日期不能晚于今天" in r.content.decode()
    r = _page(client, buyer, "instalment_paid", deal, inst.pk, data={"paid_on": today, "evidence": pdf("v.pdf")})
    assert r.status_code == 302
    inst.refresh_from_db()
    assert inst.paid_amount == Decimal("30.00") and inst.evidence
    # A paid instalment is a record: no more edits of its amount.
    r = _page(client, researcher, "instalment_edit", deal, inst.pk, data={"due_on": today, "amount": "10"})
    assert "已付款的分期不能修改" in r.content.decode()
    # The voucher: the deal's people only.
    url = reverse("deals:aftercare_file", args=[deal.pk, "instalment", inst.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(researcher)
    assert client.get(url).status_code == 200
    assert "更正付款" in _page(client, researcher, "payments", deal).content.decode()


def test_broker_terms_operator_only(client, signed_deal, operator, broker, make_user, researcher, buyer):
    from deals.brokers.services import broker_register

    deal = signed_deal()
    other = broker_register(user=make_user(name="经纪人乙"), by=operator, level="junior")
    a1 = broker_assign(broker=broker, by=operator, deal=deal)
    a2 = broker_assign(broker=other, by=operator, deal=deal)
    data = {f"share_{a1.pk}": "70", f"fee_{a1.pk}": "3", f"share_{a2.pk}": "40", f"fee_{a2.pk}": ""}
    r = _page(client, operator, "broker_terms", deal, data=data)
    assert r.status_code == 200 and "不能超过 100%" in r.content.decode()
    assert not BrokerAssignment.objects.filter(share__isnull=False).exists()  # all or nothing
    data[f"share_{a2.pk}"] = "30"
    assert _page(client, operator, "broker_terms", deal, data=data).status_code == 302
    a1.refresh_from_db()
    assert a1.share == Decimal("70") and a1.fee == Decimal("3")
    # Neither the parties nor the brokers themselves set shares or fees.
    for user in (researcher, buyer, broker.user):
        r = _page(client, user, "broker_terms", deal, data={f"share_{a1.pk}": "100"})
        assert r.status_code == 403
    a1.refresh_from_db()
    assert a1.share == Decimal("70")
    assert "经纪人分成与佣金" in _page(client, operator, "detail", deal).content.decode()
    assert "经纪人分成与佣金" not in _page(client, researcher, "detail", deal).content.decode()


def test_client_rates_broker(client, open_deal, signed_deal, operator, broker, researcher, buyer):
    early = open_deal(title="尚未签约的对接")
    broker_assign(broker=broker, by=operator, deal=early)
    assert _page(client, buyer, "broker_rate", early).status_code == 403  # not before signing
    deal = signed_deal()
    a = broker_assign(broker=broker, by=operator, deal=deal)
    # Only the client (the demand party) rates: not the supply side, the broker or an operator.
    for user in (researcher, broker.user, operator):
        assert _page(client, user, "broker_rate", deal, data={"assignment": a.pk, "rating": "1"}).status_code in (
            403,
            404,
        )
    a.refresh_from_db()
    assert a.client_rating is None
    r = _page(client, buyer, "broker_rate", deal, data={"assignment": a.pk, "rating": "9"})
    assert r.status_code == 200 and BrokerAssignment.objects.get(pk=a.pk).client_rating is None
    assert _page(client, buyer, "broker_rate", deal, data={"assignment": a.pk, "rating": "4"}).status_code == 302
    a.refresh_from_db()
    assert a.client_rating == 4
    assert "评价经纪人" in _page(client, buyer, "detail", deal).content.decode()
    assert "评价经纪人" not in _page(client, researcher, "detail", deal).content.decode()


@pytest.fixture
def registered(signed_deal, operator):
    deal = signed_deal(signed_on=dt.date.today() - dt.timedelta(days=10))
    contract_register(contract=deal.contract, registry="西咸", by=operator, on=dt.date.today() - dt.timedelta(days=5))
    deal.refresh_from_db()
    return deal


def test_amendment_by_registrar_only(client, registered, operator, researcher, buyer):
    deal = registered
    today = dt.date.today()
    good = {"effective_on": today.isoformat(), "total_amount": "90", "tech_amount": "70", "changes": "减少样件数量"}
    for user in (researcher, buyer):
        assert _page(client, user, "contract_amend", deal, data=good).status_code == 403
    assert not ContractAmendment.objects.exists()
    bad = {**good, "tech_amount": "95"}
    r = _page(client, operator, "contract_amend", deal, data=bad)
    assert r.status_code == 200 and "技术交易额不能超过合同成交额" in r.content.decode()
    early = {**good, "effective_on": (today - dt.timedelta(days=30)).isoformat()}
    assert "不能早于登记日期" in _page(client, operator, "contract_amend", deal, data=early).content.decode()
    assert not ContractAmendment.objects.exists()
    r = _page(client, operator, "contract_amend", deal, data={**good, "agreement": pdf("amend.pdf")})
    assert r.status_code == 302
    totals = statistics.totals(today - dt.timedelta(days=30), today)
    assert totals["total_amount"] == Decimal("90.00") and totals["tech_amount"] == Decimal("70.00")
    page = _page(client, researcher, "detail", deal).content.decode()
    assert "减少样件数量" in page and "变更协议" in page and reverse("deals:contract_amend", args=[deal.pk]) not in page


def test_termination_by_registrar_only(client, registered, operator, researcher, buyer):
    deal = registered
    today = dt.date.today()
    data = {"effective_on": today.isoformat(), "basis": "agreement", "reason": "双方协商一致解除"}
    for user in (researcher, buyer):  # one party alone cannot end a registered contract
        assert _page(client, user, "contract_terminate", deal, data=data).status_code == 403
    r = _page(client, operator, "contract_terminate", deal, data={**data, "reason": ""})
    assert r.status_code == 200 and not ContractTermination.objects.exists()
    r = _page(client, operator, "contract_terminate", deal, data={**data, "basis": "whim"})
    assert r.status_code == 200 and not ContractTermination.objects.exists()
    assert _page(client, operator, "contract_terminate", deal, data=data).status_code == 302
    deal.refresh_from_db()
    assert deal.stage == "terminated" and deal.contract.reg_status == "terminated"
    assert statistics.totals(today - dt.timedelta(days=30), today)["total_amount"] == 0
    assert "双方协商一致解除" in _page(client, buyer, "detail", deal).content.decode()


def test_pages_render(client, registered, operator):
    deal = registered
    for name in ("payments", "broker_terms", "contract_amend", "contract_terminate"):
        assert _page(client, operator, name, deal).status_code == 200, name


@pytest.mark.parametrize("name", ["contract_amend", "contract_terminate"])
def test_amend_and_terminate_refuse_an_unregistered_contract(client, signed_deal, operator, name):
    """The 变更 / 解除 登记 forms do not open for a contract that is not registered: back to the deal
    with the reason in Chinese, nothing written (the form used to open and fail only on saving)."""
    deal = signed_deal()
    response = _page(client, operator, name, deal)
    assert response.status_code == 302 and response.url.endswith(f"/deals/{deal.pk}/#contract")
    page = client.get(response.url).content.decode()
    label = "变更登记" if name == "contract_amend" else "解除登记"
    assert f"不能办理{label}" in page and "只适用于已认定登记的合同" in page
    data = {"effective_on": dt.date.today().isoformat(), "total_amount": "90", "tech_amount": "70"}
    data |= {"changes": "x", "basis": "agreement", "reason": "x"}
    assert _page(client, operator, name, deal, data=data).status_code == 302
    assert not ContractAmendment.objects.exists() and not ContractTermination.objects.exists()


@pytest.mark.parametrize("action", ["amend", "terminate"])
def test_api_amend_and_terminate(client, signed_deal, registered, operator, researcher, outsider, action):
    """API: an unregistered contract answers 400 with the reason under ``reg_status`` in the error
    envelope; a party 403, an outsider 404; the registrar's record of a registered contract 201."""
    data = {"effective_on": dt.date.today().isoformat()}
    data |= {"total_amount": "90", "tech_amount": "70", "changes": "减少样件"} if action == "amend" else {}
    data |= {"basis": "agreement", "reason": "双方协商一致"} if action == "terminate" else {}
    draft = signed_deal()
    client.force_login(operator)
    r = client.post(f"/api/v1/deals/{draft.pk}/contract/{action}/", data, content_type="application/json")
    assert r.status_code == 400, r.content
    error = r.json()["error"]
    assert "只适用于已认定登记的合同" in error["fields"]["reg_status"][0] and error["message"]
    client.force_login(researcher)
    url = f"/api/v1/deals/{registered.pk}/contract/{action}/"
    assert client.post(url, data, content_type="application/json").status_code == 403
    client.force_login(outsider)
    assert client.post(url, data, content_type="application/json").status_code == 404
    client.force_login(operator)
    assert client.post(url, {**data, "effective_on": "x"}, content_type="application/json").status_code == 400
    r = client.post(url, data, content_type="application/json")
    assert r.status_code == 201, r.content
    assert not ContractAmendment.objects.filter(contract__deal=draft).exists()
    r = client.post(url, data, content_type="application/json")  # terminated: no second termination
    assert (r.status_code == 400) == (action == "terminate")


def test_api_registrar_record_uses_the_service_it_is_given(signed_deal, registered, operator):
    """The API's shared 变更 / 解除 handler writes through the ``service`` its caller passes (it used
    to pick its own from ``action`` and ignore the argument)."""
    from rest_framework.test import APIRequestFactory, force_authenticate

    from deals.api import DealViewSet
    from deals.serializers import AmendmentSerializer
    from deals.services.registration import contract_amend

    calls = []

    def recording_amend(**kwargs):
        calls.append(kwargs["contract"].pk)
        return contract_amend(**kwargs)

    class Probe(DealViewSet):
        def amend(self, request, pk=None):
            return self._registrar_record(request, "amend", recording_amend, AmendmentSerializer, "agreement")

    data = {
        "effective_on": dt.date.today().isoformat(),
        "total_amount": "90",
        "tech_amount": "70",
        "changes": "减少样件",
    }
    request = APIRequestFactory().post("/", data, format="json")
    force_authenticate(request, user=operator)
    response = Probe.as_view({"post": "amend"})(request, pk=registered.pk)
    assert response.status_code == 201, response.data
    assert calls == [registered.contract.pk]
    assert ContractAmendment.objects.filter(contract=registered.contract, changes="减少样件").exists()
