"""Fixtures of the finance tests: a high-tech firm with verified figures, a small firm without,
two banks (one with a research-loan product with rules), their staff."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

YEAR = timezone.localdate().year - 1  # the figures year the rules read (finance.fit.figures_year)


@pytest.fixture(autouse=True)
def _chinese():
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def report(db, operator):
    from enterprises.models import AnnualReport

    def make(profile, year=YEAR, **figures):
        return AnnualReport.objects.create(
            profile=profile, year=year, status="verified", source="verified", reviewed_by=operator, **figures
        )

    return make


@pytest.fixture
def qualification(db, operator):
    from enterprises.models import Qualification

    def make(profile, kind, issued=dt.date(YEAR - 1, 1, 1), expires=None):
        return Qualification.objects.create(
            profile=profile, kind=kind, issued_on=issued, expires_on=expires, status="verified", reviewed_by=operator
        )

    return make


@pytest.fixture
def hightech(make_org, report, qualification):
    """西咸氢能科技: 高企, revenue 3,200 万元 (verified)."""
    from enterprises.services import profile_for

    org = make_org(name="西咸氢能科技有限公司", new_city="fengxi")
    profile = profile_for(org)
    report(profile, revenue=Decimal("3200"), rd_expenditure=Decimal("260"), staff=80, rd_staff=20)
    qualification(profile, "high_tech")
    return org


@pytest.fixture
def small(make_org, report):
    """A firm without the 高企 qualification and with 600 万元 revenue."""
    from enterprises.services import profile_for

    org = make_org(name="沣东小微科技有限公司")
    report(profile_for(org), revenue=Decimal("600"))
    return org


@pytest.fixture
def hightech_admin(make_user, hightech):
    return make_user(name="氢能公司财务", org=hightech, org_role="admin")


@pytest.fixture
def small_admin(make_user, small):
    return make_user(name="小微公司财务", org=small, org_role="admin")


@pytest.fixture
def bank(make_org):
    return make_org(name="长安科创银行", kind="financial")


@pytest.fixture
def other_bank(make_org):
    return make_org(name="西部测试银行", kind="financial")


@pytest.fixture
def banker(make_user, bank):
    return make_user(name="客户经理甲", org=bank)


@pytest.fixture
def other_banker(make_user, other_bank):
    return make_user(name="客户经理乙", org=other_bank)


RD_RULES = [
    {"fact": "has_high_tech", "op": "is", "value": True},
    {"fact": "revenue", "op": ">=", "value": 1000},
]


@pytest.fixture
def rd_loan(make_record, bank):
    from catalog.models import FinancialProduct
    from finance.models import ProductTerms

    product = make_record(
        FinancialProduct,
        owner_org=bank,
        title="科创研发贷",
        product_type="rd_loan",
        amount_min=Decimal("100"),
        amount_max=Decimal("1000"),
        term_min_months=12,
        term_max_months=36,
        rate_min=Decimal("3.2"),
        rate_max=Decimal("4.5"),
    )
    ProductTerms.objects.create(product=product, rules=RD_RULES, need_types=["debt"])
    return product


@pytest.fixture
def other_loan(make_record, other_bank):
    from catalog.models import FinancialProduct
    from finance.models import ProductTerms

    product = make_record(FinancialProduct, owner_org=other_bank, title="普惠成长贷", product_type="other")
    ProductTerms.objects.create(product=product, rules=[], need_types=["debt"])
    return product


@pytest.fixture
def post_need(db):
    from finance import services

    def make(org, by, amount="500", term=36, need_type="debt", share_with=(), **extra):
        return services.need_create(
            organisation=org,
            by=by,
            amount=amount,
            purpose="研发中试线建设",
            term_months=term,
            need_type=need_type,
            share_with=share_with,
            **extra,
        )

    return make


def notifications(user, kind=None):
    """The one place tests read notifications (deals.Notification today; notifications app later)."""
    from notifications.models import Notification

    qs = Notification.objects.filter(user=user)
    return qs.filter(kind=kind) if kind else qs
