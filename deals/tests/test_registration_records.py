"""Issue 16: 认定登记 as the registries do it — each registrar action, 变更 and 解除 after registration,
and the statistics counting each contract by the rule for its state on a date."""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from deals import statistics
from deals.metrics import tech_trade, turnover
from deals.models import Contract, RegistrationAction
from deals.services.contracts import contract_register, contract_save
from deals.services.deals import deal_transition
from deals.services.registration import contract_amend, contract_terminate, registrar_act, registration_submit

pytestmark = pytest.mark.django_db


def notified(user, kind):
    from notifications.models import Notification

    return Notification.objects.filter(user=user, kind=kind).exists()


def test_tech_fields_reference_data():
    from deals.models import TECH_FIELDS

    path = Path(__file__).resolve().parents[1] / "data" / "tech_fields.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["code"] for r in rows] == [f"{i:02d}" for i in range(1, 12)]
    assert dict(TECH_FIELDS)["06"] == "新能源与高效节能" and all(r["name_en"] for r in rows)
    # The names of the MOST technology-market statistics report (see deals/data/README.md).
    assert [r["name"] for r in rows] == [
        "电子信息技术", "航空航天技术", "先进制造技术", "生物、医药和医疗器械技术", "新材料及其应用",
        "新能源与高效节能", "环境保护与资源综合利用技术", "核应用技术", "农业技术", "现代交通",
        "城市建设与社会发展",
    ]  # fmt: skip
    from django.utils import translation

    with translation.override("en"):
        assert str(dict(TECH_FIELDS)["09"]) == "Agricultural technology"
    assert str(dict(TECH_FIELDS)["09"]) == "农业技术"
    assert (path.parent / "README.md").read_text(encoding="utf-8").count("技术合同认定规则") >= 1


def test_submit_captures_parties_and_refuses_incomplete(signed_deal, researcher, university, company):
    deal = signed_deal(tech_field="")
    with pytest.raises(ValidationError) as err:
        registration_submit(contract=deal.contract, by=researcher)
    assert "tech_field" in err.value.message_dict
    contract = contract_save(deal=deal, by=researcher, tech_field="06")
    contract = registration_submit(contract=contract, by=researcher)
    assert contract.reg_status == "submitted"
    assert contract.supply_legal_type == "university" and contract.demand_legal_type == "enterprise"
    assert contract.supply_credit_code == university.credit_code and contract.demand_credit_code == company.credit_code
    assert contract.supply_region_id == "610100" and contract.demand_region_id == "610400"
    # Submitted: the parties can no longer edit it.
    with pytest.raises(ValidationError):
        contract_save(deal=deal, by=researcher, title="改名")


def test_no_number_without_credit_codes(signed_deal, operator, university):
    deal = signed_deal()
    type(university).objects.filter(pk=university.pk).update(credit_code=None)
    with pytest.raises(ValidationError) as err:
        contract_register(contract=deal.contract, registry="西咸", by=operator)
    assert "supply_credit_code" in err.value.message_dict
    assert not Contract.objects.get(pk=deal.contract.pk).is_registered


def test_registrar_accepts_returns_with_reasons_and_party_corrects(signed_deal, researcher, buyer, operator):
    deal = signed_deal()
    contract = registration_submit(contract=deal.contract, by=researcher)
    with pytest.raises(PermissionDenied):
        registrar_act(contract=contract, action="accept", by=buyer)
    contract = registrar_act(contract=contract, action="accept", by=operator)
    assert contract.reg_status == "accepted"
    with pytest.raises(ValidationError) as err:
        registrar_act(contract=contract, action="return", by=operator, reason=" ")
    assert "reason" in err.value.message_dict
    contract = registrar_act(contract=contract, action="return", by=operator, reason="标的摘要过简；缺专利号")
    assert contract.reg_status == "returned" and contract.registrar_note == "标的摘要过简；缺专利号"
    assert notified(researcher, "deals.registration_return") and notified(buyer, "deals.registration_return")
    # Corrected and applied again.
    contract = contract_save(
        deal=deal, by=researcher, subject_summary="双极板冲压成形工艺，专利 ZL2024XXXXXXX.X（演示）"
    )
    contract = registration_submit(contract=contract, by=researcher)
    contract = registrar_act(contract=contract, action="accept", by=operator)
    contract = contract_register(contract=contract, registry="610000", by=operator, on=dt.date(2026, 3, 2))
    assert contract.reg_status == "registered" and contract.registration_number == "6100002026000001"
    actions = list(RegistrationAction.objects.filter(contract=contract).values_list("action", flat=True))
    assert actions == ["submit", "accept", "return", "submit", "accept", "register"]


def test_registrar_refuses_with_reasons(signed_deal, researcher, operator):
    deal = signed_deal()
    contract = registration_submit(contract=deal.contract, by=researcher)
    with pytest.raises(ValidationError):
        registrar_act(contract=contract, action="refuse", by=operator)
    contract = registrar_act(contract=contract, action="refuse", by=operator, reason="属于设备买卖，不是技术合同")
    assert contract.reg_status == "refused"
    with pytest.raises(ValidationError):
        contract_register(contract=contract, registry="610000", by=operator)
    with pytest.raises(ValidationError):
        registration_submit(contract=contract, by=researcher)
    assert not Contract.objects.get(pk=contract.pk).is_registered


def test_registrar_approves_technology_amount_with_note(signed_deal, researcher, operator):
    deal = signed_deal(tech=Decimal("80"), total=Decimal("100"))
    contract = registration_submit(contract=deal.contract, by=researcher)
    contract = registrar_act(contract=contract, action="accept", by=operator)
    with pytest.raises(ValidationError):
        registrar_act(contract=contract, action="approve", by=operator, amount="60")  # note required
    with pytest.raises(ValidationError):
        registrar_act(contract=contract, action="approve", by=operator, amount="120", reason="超额")
    with pytest.raises(ValidationError):
        registrar_act(contract=contract, action="approve", by=operator, amount="abc", reason="x")
    contract = registrar_act(
        contract=contract, action="approve", by=operator, amount="60", reason="含 20 万元设备费，不计入技术交易额"
    )
    assert contract.approved_tech_amount == Decimal("60.00") and contract.tech_amount == Decimal("80.00")
    contract_register(contract=contract, registry="610000", by=operator, on=dt.date(2026, 3, 2))
    totals = statistics.totals(as_of=dt.date(2026, 3, 31))
    assert totals["tech_amount"] == Decimal("60.00") and totals["total_amount"] == Decimal("100.00")


def _registered(signed_deal, operator, tech="80", total="100", on=dt.date(2026, 3, 2)):
    deal = signed_deal(tech=Decimal(tech), total=Decimal(total))
    return contract_register(contract=deal.contract, registry="610000", by=operator, on=on)


def test_amendment_record_keeps_the_platforms_language_whoever_acts(signed_deal, operator):
    """The registration record holds one text: an operator amending in English still leaves the
    Chinese reason on it (the notices render per reader; the record is read by everyone)."""
    from django.utils import translation

    contract = _registered(signed_deal, operator)
    with translation.override("en"):
        contract_amend(
            contract=contract,
            by=operator,
            effective_on=dt.date(2026, 5, 1),
            total_amount="150",
            tech_amount="120",
            changes="增加二期开发",
        )
    reason = RegistrationAction.objects.get(contract=contract, action="amend").reason
    assert reason.startswith("自 2026-05-01 起合同成交额 150") and "增加二期开发" in reason


def test_amendment_replaces_amounts_from_its_date(signed_deal, operator, researcher):
    contract = _registered(signed_deal, operator)
    with pytest.raises(PermissionDenied):
        contract_amend(
            contract=contract,
            by=researcher,
            effective_on=dt.date(2026, 5, 1),
            total_amount="150",
            tech_amount="120",
            changes="增加二期开发",
        )
    with pytest.raises(ValidationError):
        contract_amend(
            contract=contract,
            by=operator,
            effective_on=dt.date(2026, 5, 1),
            total_amount="100",
            tech_amount="120",
            changes="技术额超总额",
        )
    contract_amend(
        contract=contract,
        by=operator,
        effective_on=dt.date(2026, 5, 1),
        total_amount="150",
        tech_amount="120",
        changes="增加二期开发（补充协议）",
    )
    q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    # Q1 statistics taken at the end of Q1: the old amounts.
    assert statistics.totals(*q1)["total_amount"] == Decimal("100.00")
    # The same contracts (registered in Q1) as of 1 May onwards: the amended amounts replace them.
    after = statistics.totals(*q1, as_of=dt.date(2026, 5, 1))
    assert after["total_amount"] == Decimal("150.00") and after["tech_amount"] == Decimal("120.00")
    assert after["count"] == 1
    assert statistics.totals(*q1, as_of=dt.date(2026, 4, 30))["tech_amount"] == Decimal("80.00")
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert turnover(*year) == Decimal("0.0150") and tech_trade(*year) == Decimal("0.0120")


def test_termination_drops_out_from_its_date_and_needs_the_registrar(signed_deal, operator, researcher, buyer):
    contract = _registered(signed_deal, operator)
    _registered(signed_deal, operator, tech="20", total="30")
    deal = contract.deal
    # One party alone can no longer end a registered deal.
    with pytest.raises((PermissionDenied, ValidationError)):
        deal_transition(deal=deal, action="terminate", by=researcher, reason="不想做了")
    with pytest.raises((PermissionDenied, ValidationError)):
        deal_transition(deal=deal, action="dissolve", by=buyer, reason="不想做了")
    with pytest.raises(ValidationError):  # the registrar too needs the 解除 record
        deal_transition(deal=deal, action="dissolve", by=operator, reason="无记录")
    with pytest.raises(PermissionDenied):
        contract_terminate(
            contract=contract, by=buyer, effective_on=dt.date(2026, 6, 1), basis="agreement", reason="协商一致"
        )
    with pytest.raises(ValidationError):
        contract_terminate(contract=contract, by=operator, effective_on=dt.date(2026, 6, 1), basis="?", reason="x")
    contract_terminate(
        contract=contract, by=operator, effective_on=dt.date(2026, 6, 1), basis="agreement", reason="双方协商一致解除"
    )
    contract.refresh_from_db()
    deal.refresh_from_db()
    assert contract.reg_status == "terminated" and deal.stage == "terminated"
    assert notified(researcher, "deals.registration_terminate") and notified(buyer, "deals.registration_terminate")
    q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert statistics.totals(*q1)["count"] == 2  # Q1 as taken at its end
    assert statistics.totals(*q1, as_of=dt.date(2026, 5, 31))["count"] == 2
    gone = statistics.totals(*q1, as_of=dt.date(2026, 6, 1))
    assert gone["count"] == 1 and gone["tech_amount"] == Decimal("20.00")
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert statistics.breakdown("contract_type", *year, as_of=dt.date(2026, 12, 31))["技术转让"]["count"] == 1


def test_both_indicators_and_the_plan_target_on_contract_turnover(signed_deal, operator):
    from monitoring.metrics import get_metric
    from monitoring.models import Indicator

    _registered(signed_deal, operator, tech="2500", total="3000", on=dt.date(2026, 1, 20))
    jan = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert get_metric("tech_contract_turnover").compute(*jan) == Decimal("0.3000")
    assert get_metric("tech_trade_amount").compute(*jan) == Decimal("0.2500")
    turnover_ind = Indicator.objects.get(code="tech_contract_turnover")
    trade_ind = Indicator.objects.get(code="tech_trade_amount")
    assert turnover_ind.metric_code == "tech_contract_turnover" and "合同成交额" in turnover_ind.definition
    quotes = set(turnover_ind.targets.values_list("quote", flat=True))
    assert any("500" in q for q in quotes) and any("230" in q for q in quotes)
    assert trade_ind.metric_code == "tech_trade_amount" and not trade_ind.targets.exists()
    assert "技术部分" in trade_ind.definition
    assert Indicator.objects.get(code="new_brokers").targets.get().value == 70


def test_seller_and_buyer_region_breakdowns(signed_deal, operator):
    _registered(signed_deal, operator)
    by_seller = statistics.breakdown("seller_region", as_of=dt.date(2026, 12, 31))
    by_buyer = statistics.breakdown("buyer_region", as_of=dt.date(2026, 12, 31))
    assert list(by_seller) == ["西安市"] and list(by_buyer) == ["咸阳市"]
    field = statistics.breakdown("tech_field", as_of=dt.date(2026, 12, 31))
    assert field["新能源与高效节能"]["total_amount"] == Decimal("100.00")
    assert statistics.breakdown("subtype", as_of=dt.date(2026, 12, 31))["专利权转让"]["count"] == 1


def test_register_export_in_registry_layout_operators_only(client, signed_deal, operator, buyer):
    import io

    from openpyxl import load_workbook

    from deals.exports import REGISTER_HEADERS

    contract = _registered(signed_deal, operator, on=dt.date.today().replace(day=1))
    client.force_login(buyer)
    assert client.get("/deals/registration/export.xlsx").status_code == 403
    client.logout()
    assert client.get("/deals/registration/export.xlsx").status_code == 302  # to the login page
    client.force_login(operator)
    response = client.get(f"/deals/registration/export.xlsx?month={dt.date.today():%Y-%m}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["合同登记表"].values)
    assert list(rows[0]) == REGISTER_HEADERS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["登记编号"] == contract.registration_number and row["技术领域"] == "新能源与高效节能"
    assert row["卖方统一社会信用代码"] == contract.supply_credit_code and row["合同成交额（万元）"] == 100
    stats = list(book["月度统计"].values)
    assert stats[1][:3] == ("合计", None, 1)


def test_registration_actions_from_the_deal_page(client, signed_deal, researcher, operator):
    deal = signed_deal()
    client.force_login(researcher)
    page = client.get(deal.get_absolute_url()).content.decode()
    assert 'value="submit"' in page and 'value="accept"' not in page
    # 申请登记 takes no reason and no amount: the registrar's fields are not shown to a party.
    assert 'id="reg-reason"' not in page and 'id="reg-amount"' not in page
    client.post(f"/deals/{deal.pk}/contract/registration/", {"action": "submit"})
    client.post(f"/deals/{deal.pk}/contract/registration/", {"action": "accept"})  # not the registrar's: refused
    assert Contract.objects.get(pk=deal.contract.pk).reg_status == "submitted"
    client.force_login(operator)
    assert 'id="reg-reason"' in client.get(deal.get_absolute_url()).content.decode()
    client.post(f"/deals/{deal.pk}/contract/registration/", {"action": "return", "reason": "缺少技术秘密清单"})
    contract = Contract.objects.get(pk=deal.contract.pk)
    assert contract.reg_status == "returned"
    client.force_login(researcher)
    assert "缺少技术秘密清单" in client.get(deal.get_absolute_url()).content.decode()
