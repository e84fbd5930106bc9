"""core.rules with groups (all / any / not) and unknowns: bulk SQL and per-firm Python agree."""

import pytest
from django.core.exceptions import ValidationError

from core.rules import MET, NOT_MET, UNKNOWN, bulk_status, evaluate, filter_queryset, validate
from enterprises.facts import ENTERPRISE, context
from enterprises.models import EnterpriseProfile
from fulfilment import evaluation

NESTED = {
    "all": [
        {"fact": "revenue", "op": ">=", "value": 1000},
        {
            "any": [
                {"fact": "has_high_tech", "op": "is", "value": True},
                {"fact": "rd_ratio", "op": ">=", "value": 5},
            ]
        },
        {"not": {"fact": "new_city", "op": "in", "value": ["jinghe"]}},
    ]
}


@pytest.fixture
def population(make_firm):
    return [
        make_firm("甲", revenue=2000, rd=20, quals=["high_tech"], new_city="fengxi"),  # met
        make_firm("乙", revenue=2000, rd=120, new_city="fengdong"),  # met via rd 6 %
        make_firm("丙", revenue=2000, rd=20, new_city="fengxi"),  # not met (any fails)
        make_firm("丁", revenue=2000, rd=200, quals=["high_tech"], new_city="jinghe"),  # not met (not fails)
        make_firm("戊", revenue=500, rd=200, quals=["high_tech"]),  # not met (revenue)
        make_firm("己", revenue=2000, rd=20, quals=["high_tech"]),  # unknown (no new city)
        make_firm("庚", rd=20),  # revenue and ratio unknown -> unknown
        make_firm("辛"),  # nothing at all
    ]


@pytest.mark.parametrize(
    "rule",
    [
        NESTED,
        [{"fact": "revenue", "op": ">=", "value": 1000}, {"fact": "rd_ratio", "op": "<", "value": 5}],
        {
            "any": [
                {"not": {"fact": "has_high_tech", "op": "is", "value": True}},
                {"fact": "revenue", "op": ">", "value": 1999},
            ]
        },
        {
            "not": {
                "all": [
                    {"fact": "revenue", "op": "==", "value": 2000},
                    {"fact": "new_city", "op": "==", "value": "fengxi"},
                ]
            }
        },
    ],
)
def test_bulk_and_per_enterprise_give_identical_answers(population, rule):
    ctx = context(2025)
    rule = validate(ENTERPRISE, rule)
    bulk = bulk_status(ENTERPRISE, rule, EnterpriseProfile.objects.all(), ctx)
    python = {
        p.pk: evaluate(ENTERPRISE, rule, p, ctx).status
        for p in EnterpriseProfile.objects.prefetch_related("reports", "qualifications").select_related("organisation")
    }
    assert bulk == python
    passed = set(filter_queryset(ENTERPRISE, rule, EnterpriseProfile.objects.all(), ctx).values_list("pk", flat=True))
    assert passed == {pk for pk, s in python.items() if s == MET}


def test_nested_statuses(population):
    ctx = context(2025)
    statuses = [evaluate(ENTERPRISE, NESTED, p, ctx).status for p in population]
    assert statuses == [MET, MET, NOT_MET, NOT_MET, NOT_MET, UNKNOWN, UNKNOWN, UNKNOWN]


def test_each_condition_met_not_met_unknown_with_value(terms, firms):
    answer = evaluation.evaluate_clause(terms, firms["almost"], 2025)
    assert answer.verdict == evaluation.ALMOST
    high_tech, ratio = answer.result.conditions
    assert (high_tech.status, ratio.status) == (MET, NOT_MET)
    assert ratio.explanation == "研发费用占营业收入比例 ≥ 3 %（实际：2.1 %）：不满足"
    assert answer.missing.condition["fact"] == "rd_ratio"
    unknown = evaluation.evaluate_clause(terms, firms["unknown"], 2025)
    assert unknown.result.conditions[1].status == UNKNOWN and "无数据" in unknown.result.conditions[1].explanation
    assert unknown.verdict == evaluation.ALMOST  # one condition (missing data) away
    assert evaluation.evaluate_clause(terms, firms["no"], 2025).verdict == evaluation.NOT
    yes = evaluation.evaluate_clause(terms, firms["yes"], 2025)
    assert yes.verdict == evaluation.QUALIFIES and str(yes.amount) == "30.00"  # 10 % of 300, cap 50


def test_negated_condition_explained(make_firm):
    firm = make_firm("壬", revenue=2000, rd=20, new_city="jinghe", quals=["high_tech"])
    result = evaluate(ENTERPRISE, NESTED, firm, context(2025))
    city = result.conditions[-1]
    assert city.negated and city.status == MET and not result.passed
    assert "泾河新城" in city.explanation
    assert result.almost  # only the new city stands in the way


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ([{"fact": "nope", "op": ">=", "value": 1}], "第 1 个条件的指标无效"),
        (
            {"all": [{"fact": "revenue", "op": ">=", "value": 1}, {"fact": "revenue", "op": "~", "value": 1}]},
            "第 2 个条件的比较符无效",
        ),
        ([{"fact": "revenue", "op": ">=", "value": "很多"}], "取值必须是数字"),
        ([{"fact": "has_high_tech", "op": ">=", "value": True}], "只能用“是”比较"),
        ([{"fact": "new_city", "op": "in", "value": []}], "非空列表"),
        ({"any": []}, None),
        ("revenue > 1", "规则必须是条件列表"),
    ],
)
def test_validation_names_the_bad_condition(rule, message):
    if message is None:
        assert validate(ENTERPRISE, rule) == {"any": []}
        return
    with pytest.raises(ValidationError) as exc:
        validate(ENTERPRISE, rule)
    assert message in " ".join(exc.value.messages)


def test_visitor_values_answer_from_typed_figures(terms):
    calc = evaluation.calculate_visitor({"revenue": 1000, "rd_expenditure": 50, "has_high_tech": True}, 2025)
    (answer,) = calc.answers
    assert answer.verdict == evaluation.QUALIFIES and str(answer.amount) == "5.00"
    calc = evaluation.calculate_visitor({"revenue": 1000}, 2025)
    assert calc.answers[0].verdict == evaluation.NOT  # not 高企 (unticked) and R&D unknown
