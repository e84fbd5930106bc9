import datetime as dt
from decimal import Decimal

import pytest

D = Decimal


@pytest.fixture(autouse=True)
def _chinese():
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def reviewer(make_user):
    """A second operator (two-person rule)."""
    return make_user(name="复核运营", roles=["operator"])


@pytest.fixture
def leader(make_user):
    return make_user(name="领导", roles=["leader"])


@pytest.fixture
def make_firm(db, make_org, operator):
    """An enterprise with a verified report for 2025 (and 2024 when given) and qualifications."""
    from enterprises.models import AnnualReport, Qualification
    from enterprises.services import profile_for

    def make(name, *, revenue=None, rd=None, quals=(), new_city="", **figures):
        org = make_org(name=name, new_city=new_city)
        profile = profile_for(org)
        if revenue is not None or rd is not None or figures:
            AnnualReport.objects.create(
                profile=profile, year=2025, status="verified", source="verified", reviewed_by=operator,
                revenue=None if revenue is None else D(revenue), rd_expenditure=None if rd is None else D(rd), **figures,
            )  # fmt: skip
        for kind in quals:
            Qualification.objects.create(
                profile=profile, kind=kind, issued_on=dt.date(2024, 1, 1), expires_on=dt.date(2027, 1, 1),
                status="verified", reviewed_by=operator,
            )  # fmt: skip
        return profile

    return make


RULE = {
    "all": [
        {"fact": "has_high_tech", "op": "is", "value": True},
        {"fact": "rd_ratio", "op": ">=", "value": 3},
    ]
}


@pytest.fixture
def clause(db, make_record):
    from catalog.models import Policy, PolicyClause

    policy = make_record(Policy, title="研发投入奖补政策（测试）")
    return PolicyClause.objects.create(
        policy=policy,
        order=1,
        title="研发投入奖补",
        benefit="对高新技术企业研发投入给予奖补。",
        subject_kind="enterprise",
    )


@pytest.fixture
def terms_factory(operator):
    from fulfilment import services

    def make(clause, *, mode="auto", rule=RULE, **extra):
        data = {
            "benefit_type": "subsidy", "share": D(10), "base_fact": "rd_expenditure", "cap": D(50), "mode": mode,
            "department": "科技创新局", "funding": "new_area",
        }  # fmt: skip
        data.update(extra)
        terms = services.terms_save(clause=clause, by=operator, data=data)
        if rule is not None:
            services.rule_add(terms=terms, by=operator, conditions=rule)
        return terms

    return make


@pytest.fixture
def terms(clause, terms_factory):
    return terms_factory(clause)


@pytest.fixture
def firms(make_firm):
    return {
        "yes": make_firm("符合企业有限公司", revenue=5000, rd=300, quals=["high_tech"]),  # 6 %, 高企 → 30 万元
        "almost": make_firm("差一项企业有限公司", revenue=5000, rd=105, quals=["high_tech"]),  # 2.1 %
        "no": make_firm("不符合企业有限公司", revenue=5000, rd=50),  # 1 %, no 高企
        "unknown": make_firm("无年报企业有限公司", quals=["high_tech"]),  # no report
    }


def notifications(user=None, kind=None):
    """Notification rows (one helper, so the move to the notifications app is a one-line change)."""
    from notifications.models import Notification

    qs = Notification.objects.all()
    if user is not None:
        qs = qs.filter(user=user)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs
