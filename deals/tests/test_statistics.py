import datetime as dt
from decimal import Decimal

import pytest

from deals import statistics
from deals.metrics import active_brokers, deals_landed, tech_trade, turnover, turnover_breakdown
from deals.services.contracts import contract_register

pytestmark = pytest.mark.django_db


def test_only_registered_contracts_count(signed_deal, operator):
    registered = signed_deal(tech=Decimal("80"), total=Decimal("100"))
    signed_deal(tech=Decimal("500"), total=Decimal("600"))  # signed, never registered
    contract_register(contract=registered.contract, registry="610000", by=operator, on=dt.date(2026, 2, 10))
    totals = statistics.totals()
    assert totals == {"count": 1, "tech_amount": Decimal("80.00"), "total_amount": Decimal("100.00")}
    assert statistics.by_period("month") == [
        {"period": "2026-02", "count": 1, "tech_amount": Decimal("80.00"), "total_amount": Decimal("100.00")}
    ]
    assert statistics.by_period("quarter")[0]["period"] == "2026Q1"
    assert statistics.by_period("year")[0]["period"] == "2026"


def test_breakdowns(signed_deal, operator, make_org, make_user, achievement, demand):
    from catalog.models import Achievement
    from deals.services.contracts import contract_save
    from deals.services.deals import deal_open, deal_transition
    from reference.models import IndustryChain

    hydrogen = IndustryChain.objects.get(slug="hydrogen")
    first = signed_deal(tech=Decimal("80"), contract_type="transfer", industry_chain=hydrogen)
    contract_register(contract=first.contract, registry="610000", by=operator, on=dt.date(2026, 4, 1))
    # A second one: enterprise → enterprise outside the province, royalty, not a service invention.
    from reference.models import Region

    outside = Region.objects.exclude(code__startswith="61").filter(level="prefecture").first()
    if outside is None:  # the shipped divisions are Shaanxi's only
        province = Region.objects.create(code="420000", name="湖北省", level="province")
        outside = Region.objects.create(code="420100", name="武汉市", level="prefecture", parent=province)
    seller = make_org(name="外省企业甲", kind="enterprise", prefecture=outside)
    buyer2 = make_org(name="外省企业乙", kind="enterprise", prefecture=outside)
    seller_user = make_user(org=seller)
    other = Achievement.objects.create(
        title="普通成果", owner_org=seller, status="published", is_service_invention=False
    )
    deal = deal_open(by=seller_user, supply_org=seller, demand_org=buyer2, title="企业间许可", achievement=other)
    deal_transition(deal=deal, action="negotiate", by=make_user(org=buyer2))
    from .conftest import REGISTRATION_FIELDS, pdf

    contract_save(
        deal=deal,
        by=seller_user,
        title="许可合同",
        contract_type="licence",
        total_amount=Decimal(30),
        tech_amount=Decimal(20),
        payment_mode="royalty",
        royalty_terms="销售额 3%，五年",
        signed_on=dt.date(2026, 4, 2),
        signed_scan=pdf(),
        **{**REGISTRATION_FIELDS, "subtype": "patent_licence"},
    )
    deal_transition(deal=deal, action="sign", by=seller_user)
    contract_register(contract=deal.contract, registry="610000", by=operator, on=dt.date(2026, 4, 3))

    by = {name: statistics.breakdown(name) for name in statistics.BREAKDOWNS}
    assert by["contract_type"]["技术转让"]["tech_amount"] == Decimal(80)
    assert by["contract_type"]["技术许可"]["tech_amount"] == Decimal(20)
    assert by["chain"]["氢能"]["count"] == 1 and by["chain"]["未归类"]["count"] == 1
    assert by["new_city"]["沣西新城"]["tech_amount"] == Decimal(80)
    assert by["flow"]["高校院所→企业"]["tech_amount"] == Decimal(80)
    assert by["flow"]["企业→企业"]["tech_amount"] == Decimal(20)
    assert by["payment_mode"]["提成支付"]["count"] == 1
    assert by["reform"]["三项改革（职务科技成果）"]["tech_amount"] == Decimal(80)
    if outside is not None:
        assert by["province"]["省外"]["tech_amount"] == Decimal(20)
    assert by["province"]["省内"]["tech_amount"] == Decimal(80)
    assert list(by["contract_type"]) == ["技术转让", "技术许可"]  # largest first


def test_metrics(signed_deal, operator, broker):
    from monitoring.metrics import get_metric

    deal = signed_deal(tech=Decimal("2500"), total=Decimal("3000"), signed_on=dt.date(2026, 1, 5))
    signed_deal(tech=Decimal("100"), signed_on=dt.date(2026, 1, 6))
    contract_register(contract=deal.contract, registry="610000", by=operator, on=dt.date(2026, 1, 20))
    jan = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    # Two measures (issue 16): 合同成交额 3000 万元 = 0.30 亿元 carries the plan target; 技术交易额 2500 万元.
    assert turnover(*jan) == Decimal("0.3000")
    assert tech_trade(*jan) == Decimal("0.2500")
    assert turnover(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == 0
    assert deals_landed(*jan) == 2
    assert turnover_breakdown(*jan, "contract_type") == {"技术转让": Decimal("0.3000")}
    metric = get_metric("tech_contract_turnover")
    assert (
        metric.unit == "亿元"
        and not metric.cumulative
        and {"seller_region", "buyer_region", "new_city", "chain", "tech_field", "subtype", "payment_mode"}
        <= set(metric.breakdowns)
    )
    assert get_metric("deals_landed").unit == "项"
    assert active_brokers(*jan) == 0
    assert get_metric("active_brokers").unit == "人"


def test_statistics_page_and_api(client, signed_deal, operator):
    deal = signed_deal(tech=Decimal("66.60"))
    contract_register(contract=deal.contract, registry="610000", by=operator)
    page = client.get("/deals/statistics/?period=quarter").content.decode()
    assert "66.60" in page and "已认定登记" in page and "echarts" in page
    data = client.get("/api/v1/deal-statistics/?period=year").json()
    assert data["totals"]["count"] == 1 and data["totals"]["tech_amount"] == 66.6
    assert data["series"][0]["period"] == str(dt.date.today().year)
    assert "flow" in data["breakdowns"]
