"""Concurrency on PostgreSQL: two operators deciding one proposal, two admins saving one year."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from core.testing import run_in_parallel
from enterprises import pools, services
from enterprises.models import AnnualReport, PoolMembership, PoolProposal

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL"),
]


def test_one_proposal_confirmed_once(firm, verified_qualification, make_user):
    from django.core.exceptions import ValidationError

    verified_qualification(firm, "tech_sme", issued=dt.date(2025, 1, 1), expires=dt.date(2025, 12, 31))
    operators = [make_user(roles=["operator"]) for _ in range(6)]
    pools.propose_year(year=2025, by=operators[0])
    proposal = PoolProposal.objects.get(tier__code="tech_sme")
    results, errors = run_in_parallel(
        6, lambda i: pools.proposal_decide(proposal=proposal, by=operators[i], confirm=True)
    )
    assert len(results) == 1 and len(errors) == 5 and all(isinstance(e, ValidationError) for e in errors)
    assert PoolMembership.objects.filter(profile=firm, tier__code="tech_sme").count() == 1


def test_parallel_report_saves_keep_one_row(firm, firm_admin):
    results, errors = run_in_parallel(
        6, lambda i: services.report_submit(profile=firm, by=firm_admin, year=2025, data={"revenue": Decimal(100 + i)})
    )
    assert errors == [] and len(results) == 6
    assert AnnualReport.objects.filter(profile=firm, year=2025).count() == 1
