"""Fixtures for the deals tests: two parties, their members, a demand, an achievement, a broker."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


def pdf(name="contract.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 signed contract scan", content_type="application/pdf")


@pytest.fixture
def university(make_org):
    from reference.models import Region

    return make_org(name="西安某大学", kind="university", prefecture=Region.objects.filter(code="610100").first())


@pytest.fixture
def company(make_org):
    from reference.models import Region

    return make_org(
        name="沣西某科技有限公司",
        kind="enterprise",
        new_city="fengxi",
        prefecture=Region.objects.filter(code="610400").first(),
    )


@pytest.fixture
def researcher(make_user, university):
    return make_user(name="大学教师", org=university)


@pytest.fixture
def buyer(make_user, company):
    return make_user(name="企业工程师", org=company)


@pytest.fixture
def outsider(make_user, make_org):
    return make_user(name="无关企业人员", org=make_org(name="无关公司"))


@pytest.fixture
def demand(make_record, company):
    from catalog.models import Demand

    return make_record(
        Demand,
        owner_org=company,
        title="氢燃料电池双极板降本需求",
        budget_min=Decimal("50"),
        budget_max=Decimal("120"),
        confidential_details="现用供应商报价 980 元每片（保密）",
    )


@pytest.fixture
def achievement(make_record, university):
    from catalog.models import Achievement

    return make_record(
        Achievement,
        owner_org=university,
        title="金属双极板冲压成形技术",
        is_service_invention=True,
        cooperation_modes=["transfer", "pay_after_use"],
    )


@pytest.fixture
def broker(make_user, operator):
    from deals.brokers.services import broker_register

    user = make_user(name="经纪人甲")
    return broker_register(user=user, by=operator, level="middle", fields_of_work="氢能", certificate_number="JJR-001")


@pytest.fixture
def open_deal(researcher, university, company, demand, achievement):
    from deals.services.deals import deal_open

    def make(by=None, **extra):
        kwargs = {
            "supply_org": university,
            "demand_org": company,
            "title": "双极板技术对接",
            "achievement": achievement,
            "demand": demand,
        }
        kwargs.update(extra)
        return deal_open(by=by or researcher, **kwargs)

    return make


# The registration form's fields (issue 16), so the fixtures' contracts can be registered.
REGISTRATION_FIELDS = {
    "tech_field": "06",
    "subtype": "patent_transfer",
    "ip_type": "invention",
    "valid_from": dt.date(2026, 1, 1),
    "valid_until": dt.date(2028, 12, 31),
    "subject_summary": "金属双极板冲压成形工艺及模具设计（演示）",
}
SUBTYPE = {
    "development": {"subtype": "commissioned_dev"},
    "licence": {"subtype": "patent_licence"},
    "consulting": {"subtype": "consulting"},
    "service": {"subtype": "service"},
}


@pytest.fixture
def signed_deal(open_deal, researcher, buyer):
    """A deal at 签约 with a signed contract (technology amount 80 万元)."""
    from deals.services.contracts import contract_save
    from deals.services.deals import deal_transition

    def make(
        tech=Decimal("80"),
        total=Decimal("100"),
        contract_type="transfer",
        payment_mode="lump_sum",
        signed_on=None,
        **extra,
    ):
        deal = open_deal()
        deal_transition(deal=deal, action="negotiate", by=buyer)  # the demand side accepts
        contract_save(
            deal=deal,
            by=researcher,
            title="技术转让合同",
            contract_type=contract_type,
            total_amount=total,
            tech_amount=tech,
            payment_mode=payment_mode,
            signed_on=signed_on or dt.date.today(),
            signed_scan=pdf(),
            **{**REGISTRATION_FIELDS, **SUBTYPE.get(contract_type, {}), **extra},
        )
        return deal_transition(deal=deal, action="sign", by=researcher)

    return make
