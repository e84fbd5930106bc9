"""The data migrations load the plan targets, ledger tasks and parks exactly as the documents print them."""

from decimal import Decimal

import pytest

from monitoring.models import Indicator, LedgerTask, ParkPlanTarget, Source, Target

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "baseline", "target"),
    [
        ("high_tech_enterprises", "241", "2000"),
        ("tech_smes", "611", "3000"),
        ("tech_contract_turnover", "80", "230"),
        ("high_value_invention_patents_per_10k", None, "12"),
        ("rd_active_industrial_share", "34", "50"),
        ("strategic_emerging_share", "19.1", "25.5"),
        ("new_rd_institutions", "2", "25"),
    ],
)
def test_table_1_targets_of_the_five_year_plan(code, baseline, target):
    row = Target.objects.get(indicator__code=code, plan__code="plan-2021-2025")
    assert row.year == 2025
    assert row.value == Decimal(target)
    assert row.baseline_value == (Decimal(baseline) if baseline else None)
    assert row.baseline_year == (2020 if baseline else None)
    assert "表1" in row.section and "十四五" in row.plan.title


@pytest.mark.parametrize(
    ("code", "value", "unit"),
    [
        ("new_transformation_enterprises", "1500", "家"),
        ("tech_contract_turnover", "500", "亿元"),
        ("innovation_bases", "50", "个"),
        ("high_tech_enterprises", "4000", "家"),
        ("tech_smes", "8500", "家"),
        ("high_level_talent", "500", "名"),
        ("innovation_talent", "10", "万名"),
        ("new_financial_institutions", "60", "家"),
        ("vc_fund_scale", "200", "亿元"),
        ("reform_cases", "30", "项"),
        ("rd_active_industrial_share", "40", "%"),
    ],
)
def test_2026_targets_of_the_action_plan(code, value, unit):
    row = Target.objects.get(indicator__code=code, plan__code="action-2024-2026")
    assert (row.year, row.value, row.indicator.unit) == (2026, Decimal(value), unit)
    assert row.quote and row.section


def test_turnover_is_computed_and_the_statistics_are_reported():
    assert Indicator.objects.get(code="tech_contract_turnover").metric_code == "tech_contract_turnover"
    assert Indicator.objects.get(code="high_tech_enterprises").source == Source.REPORTED
    assert not Indicator.objects.filter(source=Source.REPORTED).exclude(metric_code="").exists()


def test_ledger_has_yearly_rows_for_yearly_tasks():
    roadshows = LedgerTask.objects.filter(quote__contains="30场线下").order_by("year")
    assert [t.year for t in roadshows] == [2024, 2025, 2026]
    assert all(t.goal_value == 30 and t.goal_unit == "场" and t.section == "三（一）2②" for t in roadshows)
    assert roadshows[0].deadline.isoformat() == "2024-12-31"
    demands = LedgerTask.objects.get(code="A48-2025")
    assert demands.goal_value == 100 and demands.indicator.code == "demands_published"
    brokers = LedgerTask.objects.get(code="A07")
    assert brokers.recurrence == "plan_period" and brokers.goal_value == 70 and brokers.deadline.year == 2026
    assert LedgerTask.objects.get(code="A01-2024").goal_value == 5  # 先使用后付费试点


def test_ten_parks_with_their_2025_output_targets_and_no_invented_land_area():
    targets = ParkPlanTarget.objects.select_related("park")
    assert targets.count() == 10
    assert targets.get(park__name="西咸新区·泾河双碳光伏产业园").output_yi == 1000
    assert targets.get(park__name="西咸新区·空港自贸蓝湾产业园").output_yi == 70
    assert all(t.park.land_area_mu is None for t in targets)
