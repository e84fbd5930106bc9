"""core.rules over the enterprise fact set: bulk SQL and per-enterprise Python agree, with reasons."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.rules import evaluate, filter_queryset, validate
from enterprises.facts import ENTERPRISE, context
from enterprises.models import EnterpriseProfile

RULE = [
    {"fact": "revenue", "op": ">=", "value": 2000},
    {"fact": "rd_ratio", "op": ">=", "value": 3},
    {"fact": "revenue_growth", "op": ">=", "value": 20},
    {"fact": "has_high_tech", "op": "is", "value": True},
]


@pytest.fixture
def firms(make_org, verified_report, verified_qualification):
    from enterprises.services import profile_for

    def firm(name, rev24, rev25, rd25, high_tech=True, expired=False):
        p = profile_for(make_org(name=name))
        if rev24 is not None:
            verified_report(p, 2024, revenue=Decimal(rev24))
        if rev25 is not None:
            verified_report(p, 2025, revenue=Decimal(rev25), rd_expenditure=Decimal(rd25))
        if high_tech:
            verified_qualification(
                p,
                "high_tech",
                issued=dt.date(2023, 1, 1),
                expires=dt.date(2024, 12, 31) if expired else dt.date(2025, 12, 31),
            )
        return p

    return {
        "pass": firm("甲", 2000, 2500, 100),  # +25 %, 4 %
        "low_rd": firm("乙", 2000, 2500, 50),  # 2 %
        "slow": firm("丙", 2400, 2500, 100),  # +4 %
        "no_cert": firm("丁", 2000, 2500, 100, high_tech=False),
        "expired": firm("戊", 2000, 2500, 100, expired=True),
        "no_prior_year": firm("己", None, 2500, 100),
        "exact_threshold": firm("庚", 1000, 2000, 60),  # 2000, 3 %, +100 %
    }


def test_bulk_sql_and_python_agree(firms):
    ctx = context(2025)
    bulk = set(filter_queryset(ENTERPRISE, RULE, EnterpriseProfile.objects.all(), ctx).values_list("pk", flat=True))
    python = {p.pk for p in EnterpriseProfile.objects.all() if evaluate(ENTERPRISE, RULE, p, ctx).passed}
    assert bulk == python == {firms["pass"].pk, firms["exact_threshold"].pk}
    failing = set(
        filter_queryset(ENTERPRISE, RULE, EnterpriseProfile.objects.all(), ctx, negate=True).values_list(
            "pk", flat=True
        )
    )
    assert failing == set(EnterpriseProfile.objects.values_list("pk", flat=True)) - bulk


def test_each_condition_explained(firms):
    result = evaluate(ENTERPRISE, RULE, firms["low_rd"], context(2025))
    assert not result.passed
    assert result.explanations[0] == "营业收入 ≥ 2,000 万元（实际：2,500 万元）：满足"
    assert result.explanations[1] == "研发费用占营业收入比例 ≥ 3 %（实际：2 %）：不满足"
    assert [c.condition["fact"] for c in result.failed] == ["rd_ratio"]
    missing = evaluate(ENTERPRISE, RULE, firms["no_prior_year"], context(2025))
    assert "无数据" in missing.explanations[2] and not missing.conditions[2].passed


def test_pending_figures_do_not_count(firm, firm_admin):
    from enterprises.services import report_submit

    report_submit(profile=firm, by=firm_admin, year=2025, data={"revenue": 9000})
    assert evaluate(ENTERPRISE, RULE[:1], firm, context(2025)).passed is False
    assert not filter_queryset(ENTERPRISE, RULE[:1], EnterpriseProfile.objects.all(), context(2025)).exists()


@pytest.mark.parametrize(
    "rule",
    [
        "revenue>=1",
        [{"fact": "nope", "op": ">=", "value": 1}],
        [{"fact": "revenue", "op": "~", "value": 1}],
        [{"fact": "revenue", "op": ">=", "value": "many"}],
    ],
)
def test_bad_rules_refused(rule):
    with pytest.raises(ValidationError):
        validate(ENTERPRISE, rule)
