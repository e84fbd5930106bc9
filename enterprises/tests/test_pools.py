"""Cultivation pools: the selection job against the rules, decisions, dated moves, metric counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises import pools
from enterprises.models import PoolMembership, PoolProposal, PoolTier
from monitoring.metrics import get_metric

END_2025 = dt.date(2025, 12, 31)


@pytest.fixture
def firms(make_org, verified_report, verified_qualification):
    from enterprises.services import profile_for

    made = {}
    for name, kinds, rev24, rev25 in [
        ("科小甲", ["tech_sme"], 1000, 1300),  # tech_sme; growth 30 % from 1000 -> potential gazelle too
        ("高企乙", ["tech_sme", "high_tech"], 6000, 6100),  # high_tech, tech_sme, listing_basic
        ("瞪羚丙", ["gazelle"], 300, 400),
        ("空白丁", [], None, None),
    ]:
        p = profile_for(make_org(name=name))
        for kind in kinds:
            verified_qualification(p, kind, issued=dt.date(2024, 3, 1), expires=dt.date(2026, 12, 31))
        if rev24 is not None:
            verified_report(p, 2024, revenue=Decimal(rev24))
            verified_report(p, 2025, revenue=Decimal(rev25), rd_expenditure=Decimal(10))
        made[name] = p
    return made


def entered(year=2025):
    return {
        (p.tier.code, p.profile.organisation.name)
        for p in PoolProposal.objects.filter(year=year, action="enter").select_related("tier", "profile__organisation")
    }


def test_selection_proposes_exactly_who_meets_the_entry_rules(firms, operator):
    summary = pools.propose_year(year=2025, by=operator)
    assert entered() == {
        ("tech_sme", "科小甲"),
        ("potential_gazelle", "科小甲"),
        ("tech_sme", "高企乙"),
        ("high_tech", "高企乙"),
        ("listing_basic", "高企乙"),
        ("above_scale_reserve", "科小甲"),
        ("above_scale_reserve", "高企乙"),
        ("gazelle", "瞪羚丙"),
    }
    assert summary["high_tech"] == {"enter": 1, "exit": 0}
    # every proposal carries one explanation per condition, each one met
    proposal = PoolProposal.objects.get(tier__code="potential_gazelle")
    assert len(proposal.reasons) == 3 and all(r.endswith("：满足") for r in proposal.reasons)
    assert "营业收入增长率 ≥ 20 %（实际：30 %）：满足" in proposal.reasons
    # running again proposes nothing new
    pools.propose_year(year=2025, by=operator)
    assert PoolProposal.objects.count() == 8


def test_confirmed_moves_change_the_indicator_counts(firms, operator):
    metric = get_metric("pool_high_tech")
    assert metric.compute(dt.date(2025, 1, 1), END_2025) == 0
    pools.propose_year(year=2025, by=operator)
    proposal = PoolProposal.objects.get(tier__code="high_tech")
    pools.proposal_decide(proposal=proposal, by=operator, confirm=True, on=dt.date(2025, 12, 1))
    assert metric.compute(dt.date(2025, 1, 1), END_2025) == 1
    assert metric.compute(dt.date(2025, 1, 1), dt.date(2025, 11, 30)) == 0  # dated: not before entry
    gazelle = PoolProposal.objects.get(tier__code="gazelle")
    pools.proposal_decide(proposal=gazelle, by=operator, confirm=False, note="材料不全")
    assert get_metric("pool_gazelle").compute(dt.date(2025, 1, 1), END_2025) == 0
    assert PoolProposal.objects.get(pk=gazelle.pk).decision_note == "材料不全"


def test_computed_companion_indicators_exist(db):
    from monitoring.models import Indicator

    companion = Indicator.objects.get(code="high_tech_enterprises_platform")
    assert companion.metric_code == "pool_high_tech" and companion.source == "computed"
    assert Indicator.objects.get(code="high_tech_enterprises").source == "reported"  # the official one stays


def test_reject_needs_reason_and_operator(firms, operator, firm_admin):
    pools.propose_year(year=2025, by=operator)
    proposal = PoolProposal.objects.get(tier__code="high_tech")
    with pytest.raises(PermissionDenied):
        pools.proposal_decide(proposal=proposal, by=firm_admin, confirm=True)
    with pytest.raises(ValidationError):
        pools.proposal_decide(proposal=proposal, by=operator, confirm=False)
    pools.proposal_decide(proposal=proposal, by=operator, confirm=True)
    with pytest.raises(ValidationError):
        pools.proposal_decide(proposal=proposal, by=operator, confirm=True)


def test_exit_when_keep_rule_fails_and_path_is_dated(firms, operator):
    firm = firms["高企乙"]
    pools.propose_year(year=2025, by=operator)
    for code in ("tech_sme", "high_tech"):
        pools.proposal_decide(
            proposal=PoolProposal.objects.get(tier__code=code, profile=firm),
            by=operator,
            confirm=True,
            on=dt.date(2025, 6, 1) if code == "tech_sme" else dt.date(2025, 12, 1),
        )
    # certificates end 2026-12-31: in 2027 the keep rule fails and exits are proposed with the failed reason
    pools.propose_year(year=2027, by=operator)
    exits = PoolProposal.objects.filter(year=2027, action="exit", profile=firm)
    assert {p.tier.code for p in exits} == {"tech_sme", "high_tech"}
    assert exits.get(tier__code="high_tech").reasons == ["高新技术企业（实际：否）：不满足"]
    pools.proposal_decide(proposal=exits.get(tier__code="high_tech"), by=operator, confirm=True, on=dt.date(2027, 1, 5))
    path = [(m.tier.code, m.entered_on, m.left_on) for m in pools.path(firm)]
    assert path == [
        ("tech_sme", dt.date(2025, 6, 1), None),
        ("high_tech", dt.date(2025, 12, 1), dt.date(2027, 1, 5)),
    ]
    assert get_metric("pool_high_tech").compute(dt.date(2027, 1, 1), dt.date(2027, 12, 31)) == 0
    assert PoolMembership.objects.filter(profile=firm, left_on__isnull=True).count() == 1


def test_tier_rules_are_data_and_validated(db, operator):
    tier = PoolTier.objects.get(code="gazelle")
    with pytest.raises(ValidationError):
        pools.tier_rules_update(
            tier=tier, by=operator, entry_rules=[{"fact": "x", "op": ">=", "value": 1}], keep_rules=[]
        )
    pools.tier_rules_update(
        tier=tier, by=operator, entry_rules=[{"fact": "revenue", "op": ">=", "value": 100}], keep_rules=[]
    )
    assert PoolTier.objects.get(code="gazelle").entry_rules[0]["value"] == 100
