import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit import AuditEntry
from monitoring import selectors, services
from monitoring.models import Indicator, LedgerTask, Observation, ObservationRevision, ParkPlanTarget, ParkYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def hte():
    return Indicator.objects.get(code="high_tech_enterprises")


def test_report_then_revise_keeps_the_previous_value_and_audits(operator, operator2, hte):
    first = services.observation_report(
        indicator=hte,
        by=operator,
        period_type="year",
        period_start=dt.date(2025, 6, 1),
        value=Decimal("1756"),
        evidence="新区科技局年报",
    )
    assert (first.period_start, first.period_end, first.period_label) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        "2025年",
    )
    with pytest.raises(ValidationError) as exc:
        services.observation_report(
            indicator=hte,
            by=operator2,
            period_type="year",
            period_start=dt.date(2025, 1, 1),
            value=Decimal("1800"),
            evidence="更正",
        )
    assert "reason" in exc.value.error_dict
    second = services.observation_report(
        indicator=hte,
        by=operator2,
        period_type="year",
        period_start=dt.date(2025, 1, 1),
        value=Decimal("1800"),
        evidence="认定名单更正",
        reason="补录第二批认定",
    )
    assert second.pk == first.pk and second.value == Decimal("1800") and second.reporter == operator2
    revision = ObservationRevision.objects.get(observation=first)
    assert (revision.previous_value, revision.new_value, revision.previous_reporter) == (
        Decimal("1756"),
        Decimal("1800"),
        operator,
    )
    assert revision.previous_evidence == "新区科技局年报"
    actions = list(
        AuditEntry.objects.filter(object_id=str(first.pk), action__startswith="monitoring.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["monitoring.observation.report", "monitoring.observation.revise"]


def test_report_requires_operator_evidence_and_a_reported_indicator(member, leader, operator, hte):
    for user in (member, leader):
        with pytest.raises(PermissionDenied):
            services.observation_report(
                indicator=hte,
                by=user,
                period_type="year",
                period_start=dt.date(2025, 1, 1),
                value=Decimal(1),
                evidence="x",
            )
    with pytest.raises(ValidationError) as exc:
        services.observation_report(
            indicator=hte,
            by=operator,
            period_type="year",
            period_start=dt.date(2025, 1, 1),
            value=Decimal(1),
            evidence="  ",
        )
    assert "evidence" in exc.value.error_dict
    computed = Indicator.objects.get(code="tech_contract_turnover")
    # Official figures are taken only for years before the platform's records (issue 21).
    computed.platform_data_since = dt.date(2024, 1, 1)
    computed.save(update_fields=["platform_data_since"])
    with pytest.raises(ValidationError):
        services.observation_report(
            indicator=computed,
            by=operator,
            period_type="year",
            period_start=dt.date(2025, 1, 1),
            value=Decimal(1),
            evidence="x",
        )
    assert not Observation.objects.exists()


def test_progress_against_target_and_no_data(operator, hte):
    row = next(r for r in selectors.indicator_rows() if r.indicator.code == "high_tech_enterprises")
    assert row.latest is None and all(tp.percent is None for tp in row.targets)
    services.observation_report(
        indicator=hte,
        by=operator,
        period_type="year",
        period_start=dt.date(2024, 1, 1),
        value=Decimal("1000"),
        evidence="年报",
    )
    row = next(r for r in selectors.indicator_rows() if r.indicator.code == "high_tech_enterprises")
    assert {tp.target.year: tp.percent for tp in row.targets} == {2025: Decimal("50.0"), 2026: Decimal("25.0")}


@pytest.fixture
def task():
    return LedgerTask.objects.get(code="A04-2026")  # 每年不少于 30 场线下路演


def test_ledger_close_rules(task, operator, operator2, reviewer, member):
    with pytest.raises(PermissionDenied):
        services.ledger_progress_add(task=task, by=reviewer, note="无权填报")
    services.ledger_progress_add(task=task, by=operator, note="组织路演 12 场", amount=Decimal(12))
    task.refresh_from_db()
    assert task.status == LedgerTask.Status.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        services.ledger_close(task=task, by=member, note="完成")
    with pytest.raises(ValidationError, match="佐证"):
        services.ledger_close(task=task, by=reviewer, note="完成")
    services.ledger_progress_add(
        task=task, by=operator, note="再组织 20 场", amount=Decimal(20), evidence="活动通知与签到表"
    )
    with pytest.raises(ValidationError, match="自己"):
        services.ledger_close(task=task, by=operator, note="完成")
    with pytest.raises(ValidationError):
        services.ledger_close(task=task, by=reviewer, note=" ")
    services.ledger_close(task=task, by=reviewer, note="32 场，超额完成")
    task.refresh_from_db()
    assert task.status == LedgerTask.Status.PENDING and task.proposed_by == reviewer and task.closed_by is None
    with pytest.raises(ValidationError, match="第二人"):
        services.ledger_confirm(task=task, by=reviewer)
    with pytest.raises(ValidationError, match="自己"):
        services.ledger_confirm(task=task, by=operator)  # entered every progress entry
    services.ledger_confirm(task=task, by=operator2, note="复核无误")
    task.refresh_from_db()
    assert task.status == LedgerTask.Status.CLOSED and task.closed_by == operator2 and task.proposed_by == reviewer
    from monitoring.services.ledger import achieved

    assert achieved(task) == Decimal(32)
    with pytest.raises(ValidationError):
        services.ledger_progress_add(task=task, by=operator, note="关闭后不能再填")
    services.ledger_reopen(task=task, by=operator2, reason="佐证材料需补充")
    task.refresh_from_db()
    assert task.status == LedgerTask.Status.IN_PROGRESS and task.closed_by is None
    actions = set(
        AuditEntry.objects.filter(object_id=str(task.pk), content_type__model="ledgertask").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "monitoring.ledger.progress",
        "monitoring.ledger.close",
        "monitoring.ledger.confirm",
        "monitoring.ledger.reopen",
    }


def test_overdue_and_due_soon(monkeypatch, operator):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2025, 12, 15))
    old = LedgerTask.objects.get(code="A04-2024")
    due = LedgerTask.objects.get(code="A04-2025")
    assert old.is_overdue and not old.is_due_soon
    assert due.is_due_soon and not due.is_overdue
    overdue_codes = set(selectors.ledger_tasks(params={"status": "overdue"}).values_list("code", flat=True))
    assert "A04-2024" in overdue_codes and "A04-2025" not in overdue_codes and "A07" not in overdue_codes
    assert selectors.ledger_summary()["overdue"] == len(overdue_codes)
    services.ledger_task_assign(task=old, by=operator, owner_department="科技创新和新经济局")
    services.ledger_progress_add(task=old, by=operator, note="全年 31 场", amount=Decimal(31), evidence="台账")
    groups = {g["department"]: g for g in selectors.ledger_by_department()}
    assert groups["科技创新和新经济局"] == {"department": "科技创新和新经济局", "total": 1, "closed": 0, "overdue": 1}


def test_park_per_mu_ranking(operator, member):
    parks = [t.park for t in ParkPlanTarget.objects.select_related("park").order_by("park__name")[:3]]
    with pytest.raises(PermissionDenied):
        services.park_year_save(park=parks[0], year=2025, by=member, evidence="x", tax=Decimal(1))
    with pytest.raises(ValidationError):
        services.park_land_area_set(park=parks[0], by=operator, land_area_mu=Decimal(0), source="管委会")
    for park, area, tax, energy in zip(
        parks, ["1000", "500", "2000"], ["20000", "15000", "10000"], ["800", "100", "900"], strict=False
    ):
        services.park_land_area_set(park=park, by=operator, land_area_mu=Decimal(area), source="园区管委会提供")
        services.park_year_save(
            park=park, year=2025, by=operator, evidence="园区年报", tax=Decimal(tax), energy=Decimal(energy)
        )
    rows = selectors.park_rows(year=2025)
    ranked = [(r.rank, r.park.pk, r.per_mu["tax"]) for r in rows if r.rank]
    assert ranked == [
        (1, parks[1].pk, Decimal("30.00")),
        (2, parks[0].pk, Decimal("20.00")),
        (3, parks[2].pk, Decimal("5.00")),
    ]
    assert all(r.per_mu["tax"] is None for r in rows if r.rank is None) and len(rows) == 10
    by_energy = [r.park.pk for r in selectors.park_rows(year=2025, rank_by="energy") if r.rank]
    assert by_energy[0] == parks[1].pk  # lowest energy per mu ranks first
    services.park_year_save(park=parks[0], year=2025, by=operator, evidence="更正", tax=Decimal(25000))
    assert ParkYear.objects.get(park=parks[0], year=2025).tax == 25000
    audit = AuditEntry.objects.filter(action="monitoring.park.year", object_id=str(parks[0].pk)).first()
    assert audit.data["before"]["tax"] == "20000.00" and audit.data["after"]["tax"] == "25000.00"
