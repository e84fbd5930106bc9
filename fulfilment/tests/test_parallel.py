"""Concurrency on PostgreSQL: a grant is recorded once per clause, enterprise and year, whether two
operators approve one 免申即享 list at once or the same firm clicks 即申即享 twice."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from core.testing import run_in_parallel
from fulfilment import services
from fulfilment.models import Grant

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and unique races need PostgreSQL"),
]


def test_parallel_grant_record_keeps_one(terms, firms, operator):
    org = firms["yes"].organisation

    def record(i):
        return services.grant_record(
            terms=terms, organisation=org, year=2025, amount=Decimal(i + 1), mode="auto", rule=None, reasons=[],
            by=operator, eligible_on=dt.date(2026, 1, 1),
        )  # fmt: skip

    results, errors = run_in_parallel(6, record)
    assert len(results) == 1 and len(errors) == 5
    assert all("不能重复兑现" in " ".join(e.messages) for e in errors)
    assert Grant.objects.filter(terms=terms, organisation=org, year=2025).count() == 1


def test_two_reviewers_approving_one_list_grant_once(terms, firms, operator, reviewer, make_user):
    second = make_user(name="另一复核", roles=["operator"])
    run = services.auto_run_propose(terms=terms, by=operator, year=2025)
    people = [reviewer, second]
    results, errors = run_in_parallel(2, lambda i: services.auto_run_decide(run=run, by=people[i], approve=True))
    assert len(results) == 1 and len(errors) == 1
    assert Grant.objects.count() == 1


def test_double_click_instant_application_grants_once(clause, terms_factory, firms, make_user):
    terms = terms_factory(clause, mode="instant")
    member = make_user(org=firms["yes"].organisation)
    org = firms["yes"].organisation
    results, errors = run_in_parallel(
        4, lambda i: services.application_create(terms=terms, organisation=org, by=member, year=2025)
    )
    assert Grant.objects.filter(organisation=org).count() == 1
    assert len(results) + len(errors) == 4 and len(results) >= 1
    assert {a.status for a in results} == {"approved"}  # every application that stayed was granted
