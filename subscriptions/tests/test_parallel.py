"""Two daily runs at once (a beat retry, a hand run) tell each thing once: subscriptions lock their
row, announced matches are arbitrated by their unique row, ledger reminders lock the task."""

import datetime as dt

import pytest
from django.db import connection

from catalog.models import Achievement, Demand
from core.testing import run_in_parallel
from notifications.models import Notification
from subscriptions import services
from subscriptions.matches import collect_new_matches

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL"),
]


def test_parallel_collections_tell_each_record_once(subscriber, make_record, enterprise):
    services.save_search(user=subscriber, library="achievements", query="q=电堆")
    make_record(Achievement, owner_org=enterprise, title="电堆寿命")
    results, errors = run_in_parallel(4, lambda i: services.collect_new_records()["records"])
    assert not errors and sorted(results) == [0, 0, 0, 1]
    assert Notification.objects.filter(user=subscriber, kind="subscriptions.new_records").count() == 1


def test_parallel_match_runs_announce_once(make_record, make_org, make_user, enterprise, member, chain, publish):
    demand = make_record(
        Demand, owner_org=enterprise, status="submitted", title="氢燃料电池电堆寿命提升", problem="电堆寿命"
    )
    demand.industry_chains.add(chain)
    publish(demand)
    university = make_org(kind="university")
    make_user(org=university)
    achievement = make_record(Achievement, owner_org=university, status="submitted", title="长寿命氢燃料电池电堆技术")
    achievement.industry_chains.add(chain)
    publish(achievement)
    results, errors = run_in_parallel(3, lambda i: collect_new_matches()["matches"])
    assert not errors
    assert Notification.objects.filter(user=member, kind="subscriptions.new_matches").count() == 1


def test_parallel_ledger_reminders_remind_once(make_user, operator):
    from monitoring import services as monitoring_services
    from monitoring.models import LedgerTask, ResponsibleUnit
    from monitoring.services.units import ledger_reminders, unit_member_add

    contact = make_user(name="联络员")
    unit = ResponsibleUnit.objects.get(code="kjcx")
    unit_member_add(unit=unit, user=contact, by=operator)
    task = LedgerTask.objects.get(code="A04-2024")
    monitoring_services.ledger_task_assign(task=task, by=operator, lead_unit=unit, assignee=contact)
    results, errors = run_in_parallel(4, lambda i: ledger_reminders(today=dt.date(2025, 3, 1)))
    assert not errors and sum(results) == 1
    assert Notification.objects.filter(user=contact, kind="monitoring.task_overdue").count() == 1
