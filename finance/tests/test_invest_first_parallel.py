"""先投后股: operators selecting firms for one year at once never exceed the 5 a year of seed 001
三（一）1③, and parallel investments never exceed the year's budget (PostgreSQL row locks)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from core.testing import run_in_parallel
from finance import invest_first
from finance.models import InvestFirstPilot

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL"),
]


def test_parallel_selections_stop_at_five(make_org, make_user):
    operators = [make_user(roles=["operator"]) for _ in range(6)]
    programme = invest_first.programme_save(by=operators[0], year=timezone.localdate().year, budget="1000")
    firms = [make_org(name=f"并发企业{i}", kind="enterprise") for i in range(9)]
    for org in firms[:3]:
        invest_first.pilot_select(by=operators[0], programme=programme, organisation=org, project="项目")
    results, errors = run_in_parallel(
        6,
        lambda i: invest_first.pilot_select(
            by=operators[i], programme=programme, organisation=firms[3 + i], project="项目"
        ),
    )
    assert len(results) == 2 and len(errors) == 4 and all(isinstance(e, ValidationError) for e in errors)
    assert InvestFirstPilot.objects.filter(programme=programme).count() == 5


def test_parallel_investments_stay_within_the_budget(make_org, make_user):
    operators = [make_user(roles=["operator"]) for _ in range(5)]
    programme = invest_first.programme_save(by=operators[0], year=timezone.localdate().year, budget="1000")
    pilots = [
        invest_first.pilot_select(
            by=operators[0], programme=programme, organisation=make_org(name=f"投资企业{i}"), project="项目"
        )
        for i in range(5)
    ]
    results, errors = run_in_parallel(
        5, lambda i: invest_first.pilot_invest(by=operators[i], pilot=pilots[i], amount="300")
    )
    assert len(results) == 3 and len(errors) == 2 and all(isinstance(e, ValidationError) for e in errors)
    assert invest_first.invested_total(programme) == 900
