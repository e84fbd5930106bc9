"""Responsible units, assignment and reminders, two-person close-out from platform data, the
monthly dispatch and the unit scorecards (seed 001 四（三）); "平台无数据" before the platform."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring import selectors, services
from monitoring.models import Indicator, LedgerTask, Meeting, Observation, ResponsibleUnit, Target
from monitoring.services import rhythm
from monitoring.services.measure import ledger_measure
from monitoring.services.units import ledger_reminders, unit_member_add

from .notes import notified

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return ResponsibleUnit.objects.get(code="kjcx")


@pytest.fixture
def contact(make_user, unit, operator):
    user = make_user(name="科创局联络员", roles=["reviewer"])
    unit_member_add(unit=unit, user=user, by=operator, title="联络员")
    return user


@pytest.fixture
def colleague(make_user, unit, operator):
    user = make_user(name="科创局同事")
    unit_member_add(unit=unit, user=user, by=operator)
    return user


def test_units_cite_the_plan_and_unnamed_tasks_say_so():
    assert ResponsibleUnit.objects.count() >= 12
    assert "三（四）4 牵头单位" in ResponsibleUnit.objects.get(name="组织人事部（人才办）").source
    a53 = LedgerTask.objects.get(code="A53")
    assert a53.lead_unit.name == "泾河新城" and "三（三）5①" in a53.unit_source
    assert LedgerTask.objects.get(code="A04-2026").unit_source == "原文未点名牵头单位，由运营人员指定"
    assert set(LedgerTask.objects.exclude(metric_code="").values_list("metric_code", flat=True)) == {
        "pay_after_use_pilots",
        "new_brokers",
        "demands_published",
    }


def test_assignment_reminds_the_person_and_no_one_else(operator, unit, contact, colleague, make_user):
    task = LedgerTask.objects.get(code="A04-2026")
    stranger = make_user(name="外单位人员")
    with pytest.raises(ValidationError, match="责任人须为"):
        services.ledger_task_assign(task=task, by=operator, lead_unit=unit, assignee=stranger)
    with pytest.raises(PermissionDenied):
        services.ledger_task_assign(task=task, by=contact, lead_unit=unit)
    services.ledger_task_assign(
        task=task,
        by=operator,
        lead_unit=unit,
        co_units=[ResponsibleUnit.objects.get(code="fengxi")],
        assignee=contact,
        report_due=dt.date(2026, 6, 30),
    )
    task.refresh_from_db()
    assert task.lead_unit == unit and task.assignee == contact and task.owner_department == unit.name
    assert notified("monitoring.task_assigned") == {contact.pk}  # not the colleague, not the operator
    # Without a person, the lead unit's people are told.
    other = LedgerTask.objects.get(code="A05-2026")
    services.ledger_task_assign(task=other, by=operator, lead_unit=unit)
    assert notified("monitoring.task_assigned") == {contact.pk, colleague.pk}
    assert operator.pk not in notified("monitoring.task_assigned")


def test_reminders_go_once_per_state_change(operator, unit, contact, colleague):
    task = LedgerTask.objects.get(code="A04-2024")  # due 2024-12-31
    services.ledger_task_assign(task=task, by=operator, lead_unit=unit, assignee=contact)
    today = dt.date(2025, 3, 1)
    assert ledger_reminders(today=today) == 1
    assert notified("monitoring.task_overdue") == {contact.pk}
    assert ledger_reminders(today=today) == 0  # the same day
    assert ledger_reminders(today=today + dt.timedelta(days=1)) == 0  # still overdue: no new state, no repeat
    assert notified("monitoring.task_due") == set()


def test_due_then_overdue_tells_the_person_and_the_unit_head_only(operator, unit, contact, colleague, make_user):
    """Due within 7 days, then overdue: one notice each, to the responsible person and the lead
    unit's head (负责人), not to the unit's other people, operators or outsiders; a task closed or
    pending close-out is not reminded; a new deadline is a new state."""
    head = make_user(name="科创局负责人")
    unit_member_add(unit=unit, user=head, by=operator, is_head=True)
    outsider = make_user(name="外单位人员")
    task = LedgerTask.objects.get(code="A04-2026")
    services.ledger_task_assign(task=task, by=operator, lead_unit=unit, assignee=contact)
    LedgerTask.objects.filter(pk=task.pk).update(deadline=dt.date(2026, 6, 30), report_due=None)
    assert ledger_reminders(today=dt.date(2026, 6, 1)) == 0  # a month ahead: nothing yet
    assert ledger_reminders(today=dt.date(2026, 6, 24)) == 1
    assert ledger_reminders(today=dt.date(2026, 6, 25)) == 0
    assert notified("monitoring.task_due") == {contact.pk, head.pk}
    assert ledger_reminders(today=dt.date(2026, 7, 1)) == 1
    assert ledger_reminders(today=dt.date(2026, 7, 2)) == 0
    assert notified("monitoring.task_overdue") == {contact.pk, head.pk}
    for someone in (colleague, operator, outsider):
        assert someone.pk not in notified("monitoring.task_due") | notified("monitoring.task_overdue")
    LedgerTask.objects.filter(pk=task.pk).update(deadline=dt.date(2026, 9, 30))  # extended
    assert ledger_reminders(today=dt.date(2026, 9, 25)) == 1
    LedgerTask.objects.filter(pk=task.pk).update(deadline=dt.date(2026, 12, 31), status=LedgerTask.Status.PENDING)
    assert ledger_reminders(today=dt.date(2027, 1, 5)) == 0  # pending close-out: no reminder


def test_ledger_reminders_command_is_scheduled(settings):
    from django.core.management import call_command

    assert "ledger_reminders" in settings.SCHEDULED_COMMANDS
    call_command("ledger_reminders")


def test_measurable_task_closes_from_platform_data_with_a_second_person(signed_deal, operator, reviewer, unit, contact):
    """A01 (每年不少于 5 个先使用后付费试点) reads contracts' payment mode; at 5 the platform proposes
    the close-out, a person confirms it."""
    year = dt.date.today().year
    task = LedgerTask.objects.get(code=f"A01-{year}")
    services.ledger_task_assign(task=task, by=operator, lead_unit=unit, assignee=contact)
    pilot = {"payment_mode": "pay_after_use", "trial_months": 6, "payment_trigger": "良率达到 95%"}
    for _ in range(4):
        signed_deal(**pilot)
    signed_deal()  # a lump-sum contract does not count
    task = ledger_measure(task=task)
    assert task.metric_value == Decimal(4) and task.status == LedgerTask.Status.OPEN
    signed_deal(**pilot)
    task = ledger_measure(task=task)
    assert task.metric_value == Decimal(5)
    assert task.status == LedgerTask.Status.PENDING and task.proposed_by_platform and task.proposed_by is None
    assert notified("monitoring.task_met") == {contact.pk}
    assert task.progress.filter(by__isnull=True, evidence__contains="pay_after_use_pilots").exists()
    services.ledger_confirm(task=task, by=reviewer, note="核对合同 5 份")
    task.refresh_from_db()
    assert task.status == LedgerTask.Status.CLOSED and task.closed_by == reviewer


def test_years_before_the_platform_never_show_zero_percent(operator, signed_deal):
    """Turnover's platform records begin with the first registered contract (this year): earlier
    years show the official figure once entered, else 平台无数据, never a computed 0 as 0%."""
    from deals.services.contracts import contract_register
    from monitoring.services import indicators_refresh

    today = dt.date.today()
    contract_register(contract=signed_deal().contract, registry="610000", by=operator)
    turnover = Indicator.objects.get(metric_code="tech_contract_turnover")
    assert selectors.platform_data_since(turnover) == dt.date(today.year, 1, 1)
    indicators_refresh(trigger="manual")
    assert not Observation.objects.filter(
        indicator=turnover, period_type="year", period_start__year__lt=today.year
    ).exists()
    assert Observation.objects.get(indicator=turnover, period_type="year", period_start__year=today.year).value > 0
    plan = Target.objects.filter(indicator=turnover).first().plan
    Target.objects.update_or_create(
        indicator=turnover, plan=plan, year=today.year - 2, defaults={"value": 100, "section": "测试"}
    )

    def progress():
        row = next(r for r in selectors.indicator_rows() if r.indicator.pk == turnover.pk)
        return {t.target.year: t for t in row.targets}

    for year, tp in progress().items():
        if year < today.year:
            assert tp.percent is None and tp.before_platform and str(tp.status_text) == "平台无数据", year
    # The official figure, once entered, is shown instead; the platform's own years take none.
    services.observation_report(
        indicator=turnover,
        by=operator,
        period_type="year",
        period_start=dt.date(today.year - 2, 1, 1),
        value=Decimal("50"),
        evidence="省技术合同登记年报",
    )
    with pytest.raises(ValidationError):
        services.observation_report(
            indicator=turnover,
            by=operator,
            period_type="year",
            period_start=dt.date(today.year, 1, 1),
            value=Decimal("1"),
            evidence="x",
        )
    tp = progress()[today.year - 2]
    assert tp.percent == Decimal("50.0") and not tp.before_platform
    indicators_refresh(trigger="manual")  # the official figure stays
    official = Observation.objects.get(
        indicator=turnover, period_type="year", period_start=dt.date(today.year - 2, 1, 1)
    )
    assert official.source == "reported" and official.value == Decimal(50)


def test_no_platform_record_at_all_is_not_zero_percent():
    turnover = Indicator.objects.get(metric_code="tech_contract_turnover")
    from monitoring.services import indicators_refresh

    indicators_refresh(trigger="manual")
    row = next(r for r in selectors.indicator_rows() if r.indicator.pk == turnover.pk)
    assert row.targets and all(t.percent is None for t in row.targets)
    assert {str(t.status_text) for t in row.targets} <= {"平台无数据", "暂无数据"}


def test_projection_flags_targets_at_risk(monkeypatch):
    """A stock rising 200 a year from 1000 (2024) reaches about 1400 by the end of 2026: short of
    4000, so the 2026 target is flagged; the straight line is computed by hand below."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 3, 1))
    hte = Indicator.objects.get(code="high_tech_enterprises")
    hte.observations.all().delete()
    target = hte.targets.get(year=2026)
    target.baseline_value = None
    target.save()
    for year, value in ((2024, 1000), (2025, 1200)):
        Observation.objects.create(
            indicator=hte,
            period_type="year",
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            period_label=f"{year}年",
            value=Decimal(value),
            source="reported",
        )
    row = next(r for r in selectors.indicator_rows() if r.indicator.pk == hte.pk)
    tp = next(t for t in row.targets if t.target.pk == target.pk)
    rate = Decimal(200) / Decimal(365)  # 2024-12-31 → 2025-12-31
    assert tp.projected == (Decimal(1200) + rate * 365).quantize(Decimal("0.01"))
    assert tp.at_risk and tp.projected < target.value


def test_dispatch_lists_overdue_tasks_then_scorecard_counts_the_close(operator, operator2, reviewer, unit, contact):
    task = LedgerTask.objects.get(code="A04-2026")
    services.ledger_task_assign(
        task=task, by=operator, lead_unit=unit, assignee=contact, report_due=dt.date.today() - dt.timedelta(days=1)
    ) if dt.date.today() > dt.date(2026, 1, 1) else None
    task.refresh_from_db()
    meeting = rhythm.dispatch_prepare(by=operator)
    assert meeting.kind == Meeting.Kind.MONTHLY
    codes = {t["code"] for t in meeting.agenda["overdue"]}
    assert "A04-2024" in codes  # deadline 2024-12-31 passed, never closed
    with pytest.raises(PermissionDenied):
        rhythm.dispatch_prepare(by=reviewer)
    item = rhythm.action_item_add(
        meeting=meeting, by=operator, text="补报路演台账", due=meeting.period_end, unit=unit, task=task
    )
    assert notified("monitoring.action_assigned") >= {contact.pk}
    with pytest.raises(PermissionDenied):
        rhythm.action_item_done(item=item, by=reviewer, note="x")
    rhythm.action_item_done(item=item, by=contact, note="已补报")
    rhythm.meeting_record(meeting=meeting, by=operator, minutes="一、逾期任务逐项督办。", held_on=dt.date.today())
    with pytest.raises(ValidationError):
        rhythm.dispatch_prepare(by=operator)  # minutes recorded: the record stands

    quarter = rhythm.assessment_run(by=operator, kind=Meeting.Kind.QUARTERLY)
    before = quarter.scores.get(unit=unit).detail["counts"]["closed"]
    services.ledger_progress_add(task=task, by=operator, note="完成 30 场", amount=Decimal(30), evidence="签到表")
    services.ledger_close(task=task, by=contact, note="达标")
    services.ledger_confirm(task=task, by=operator2)
    quarter = rhythm.assessment_run(by=operator, kind=Meeting.Kind.QUARTERLY)
    card = quarter.scores.get(unit=unit)
    assert card.detail["counts"]["closed"] == before + 1
    # The stated method, by hand: the unit leads only A04-2026 this year (closed: 100 points).
    assert card.detail["tasks"] == [{"code": "A04-2026", "title": task.title, "state": "closed", "points": 100}]
    assert card.score == Decimal("100.0") and card.grade == "优秀"
