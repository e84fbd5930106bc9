import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Achievement, Demand, Policy
from core.audit import AuditEntry
from monitoring import metrics, selectors, services
from monitoring.models import Indicator, Observation, ObservationRevision, RefreshRun
from monitoring.services.refresh import convert

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)


def at(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@pytest.fixture
def records(make_record, make_org):
    def make_record_on(model, published_at=None, **fields):
        """make_record stamps published_at with now; the tests need records published on given days."""
        record = make_record(model, **fields)
        if published_at:
            model.objects.filter(pk=record.pk).update(published_at=published_at)
        return record

    return _load(make_record_on, make_org)


def _load(make_record, make_org):
    org = make_org(new_city="fengxi")
    make_record(Achievement, owner_org=org, new_city="fengxi", published_at=at(dt.date(2026, 11, 17)))
    make_record(Achievement, owner_org=org, published_at=at(dt.date(2026, 3, 2)))
    make_record(Achievement, owner_org=org, status="draft")
    for day in (dt.date(2026, 11, 16), dt.date(2026, 10, 5), dt.date(2025, 7, 1)):
        make_record(Demand, owner_org=org, new_city="qinhan", published_at=at(day))
    make_record(
        Policy,
        effective_from=dt.date(2025, 1, 1),
        effective_to=dt.date(2026, 6, 30),
        published_at=at(dt.date(2025, 1, 1)),
    )
    make_record(Policy, effective_from=dt.date(2025, 1, 1), published_at=at(dt.date(2025, 1, 1)))
    for verified_at in (dt.date(2024, 5, 1), dt.date(2026, 2, 1)):
        o = make_org()
        o.verified_at = at(verified_at)
        o.save()
    make_org(verified=False)
    make_org(kind="university").__class__.objects.filter(kind="university").update(verified_at=at(dt.date(2026, 1, 1)))
    return org


@pytest.fixture
def short_span(monkeypatch):
    """Tests that do not look at the periods refresh only this week and this year (keeps them fast)."""
    from monitoring.services import refresh

    monkeypatch.setattr(refresh, "REFRESH_SPAN", {"week": 1})
    monkeypatch.setattr(refresh, "FIRST_PLAN_YEAR", TODAY.year)


def value(code, period_type, start):
    return Observation.objects.get(indicator__code=code, period_type=period_type, period_start=start).value


def test_refresh_stores_catalog_metrics_per_period(records, operator):
    run = services.indicators_refresh(by=operator, trigger="manual", today=TODAY)
    assert run.finished_at and run.created > 0 and not [p for p in run.problems if "achievements" in p["indicator"]]
    assert value("achievements_published", "week", dt.date(2026, 11, 16)) == 1
    assert value("achievements_published", "year", dt.date(2026, 1, 1)) == 2
    assert value("demands_published", "month", dt.date(2026, 11, 1)) == 1
    assert value("demands_published", "quarter", dt.date(2026, 10, 1)) == 2
    assert value("demands_published", "year", dt.date(2025, 1, 1)) == 1
    assert value("policies_in_force", "year", dt.date(2025, 1, 1)) == 2  # both in force on 2025-12-31
    assert value("policies_in_force", "year", dt.date(2026, 1, 1)) == 1  # one ended 2026-06-30
    assert value("enterprises_served", "year", dt.date(2024, 1, 1)) == 1
    # The fixture organisations are created "now" (after TODAY) without a verification time: not yet counted.
    assert value("enterprises_served", "year", dt.date(2026, 1, 1)) == 2
    assert value("verified_organisations", "year", dt.date(2026, 1, 1)) == 3
    week = Observation.objects.get(
        indicator__code="demands_published", period_type="week", period_start=dt.date(2026, 11, 16)
    )
    assert week.breakdown["new_city"] == {"秦汉新城": 1.0}
    assert AuditEntry.objects.filter(action="monitoring.refresh").count() == 1


def test_second_refresh_keeps_revision_of_changed_values(records, operator, make_record):
    services.indicators_refresh(by=operator, today=TODAY)
    demand = make_record(Demand, owner_org=records)
    Demand.objects.filter(pk=demand.pk).update(published_at=at(dt.date(2026, 11, 17)))
    run = services.indicators_refresh(today=TODAY)
    assert run.changed >= 4  # week, month, quarter, year of demands_published
    obs = Observation.objects.get(
        indicator__code="demands_published", period_type="week", period_start=dt.date(2026, 11, 16)
    )
    revision = ObservationRevision.objects.get(observation=obs)
    assert (revision.previous_value, revision.new_value) == (Decimal(1), Decimal(2))
    assert AuditEntry.objects.filter(action="monitoring.observation.recompute", object_id=str(obs.pk)).exists()
    again = services.indicators_refresh(today=TODAY)
    assert again.changed == 0 and again.created == 0


def test_dashboard_rows_show_the_computed_value_of_the_view(records):
    services.indicators_refresh(today=TODAY)
    rows = {r.indicator.code: r for r in selectors.indicator_rows(period_type="month")}
    # the dashboard reads "today" for future-period filtering; observations up to TODAY exist
    assert rows["demands_published"].trend[-1].period_label in {"2026年11月", "2026年12月"}
    assert rows["high_tech_enterprises"].latest is None  # reported, nothing reported: 暂无数据


def test_missing_metric_and_broken_metric_are_reported_not_fatal(monkeypatch, short_span):
    Indicator.objects.create(
        code="future_metric", name="未来指标", unit="项", source="computed", metric_code="not_registered"
    )
    registry = metrics.metrics()
    broken = metrics.Metric(code="demands_published", label="需求征集数", unit="项", compute=lambda s, e: 1 / 0)
    monkeypatch.setattr(metrics, "_METRICS", {**registry, "demands_published": broken})
    run = services.indicators_refresh(today=TODAY)
    problems = {p["indicator"]: p["problem"] for p in run.problems}
    assert "future_metric" in problems and "ZeroDivisionError" in problems["demands_published"]
    assert Observation.objects.filter(indicator__code="achievements_published").exists()


def test_new_registered_metric_gets_an_indicator_and_money_converts(monkeypatch, short_span):
    extra = metrics.Metric(
        code="voucher_amount", label="创新券兑付额", unit="万元", compute=lambda s, e: Decimal("12345")
    )
    monkeypatch.setattr(metrics, "_METRICS", {**metrics.metrics(), "voucher_amount": extra})
    services.indicators_refresh(today=TODAY)
    indicator = Indicator.objects.get(code="voucher_amount")
    assert indicator.source == "computed" and indicator.unit == "万元" and indicator.aggregation == "flow"
    assert convert(Decimal("12345"), "万元", "亿元") == Decimal("1.2345")


def test_management_command(capsys, short_span):
    call_command("refresh_indicators")
    assert "created=" in capsys.readouterr().out
    assert RefreshRun.objects.get().trigger == "schedule"
