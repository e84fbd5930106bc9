"""Concurrency on PostgreSQL where amounts are allocated: staff approving one application at once
(one loan, one amount), operators paying out of one year's risk-compensation fund at once (never
more than the balance), an enterprise applying twice to one product at once (one application)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from core.testing import run_in_parallel
from finance import risk, services
from finance.models import Application, Loan, RiskFundEntry

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL"),
]


@pytest.fixture
def need(hightech, hightech_admin, post_need, rd_loan):
    return post_need(hightech, hightech_admin)


def test_one_application_approved_once(need, hightech_admin, rd_loan, make_user, bank):
    application = services.application_submit(need=need, product=rd_loan, by=hightech_admin)
    staff = [make_user(org=bank) for _ in range(6)]
    results, errors = run_in_parallel(
        6,
        lambda i: services.application_transition(
            application=application, by=staff[i], action="approve", amount=str(100 + i)
        ),
    )
    assert len(results) == 1 and len(errors) == 5 and all(isinstance(e, ValidationError) for e in errors)
    loan = Loan.objects.get()
    assert loan.amount == Application.objects.get().approved_amount


def test_parallel_payouts_never_exceed_the_balance(need, hightech_admin, rd_loan, banker, make_user):
    application = services.application_submit(need=need, product=rd_loan, by=hightech_admin)
    services.application_transition(application=application, by=banker, action="approve", amount="800")
    operators = [make_user(roles=["operator"]) for _ in range(6)]
    loan = Loan.objects.get()
    risk.loan_cover(loan=loan, by=operators[0])
    year = loan.granted_on.year
    risk.entry_add(by=operators[0], year=year, kind="contribution", amount="100")
    results, errors = run_in_parallel(
        6, lambda i: risk.entry_add(by=operators[i], year=year, kind="payout", amount="30", loan=loan)
    )
    assert len(results) == 3 and len(errors) == 3 and all(isinstance(e, ValidationError) for e in errors)
    assert risk.balance(year) == Decimal("10.00")
    assert RiskFundEntry.objects.filter(kind="payout").count() == 3


def test_double_apply_makes_one_application(need, hightech_admin, rd_loan):
    results, errors = run_in_parallel(
        4, lambda i: services.application_submit(need=need, product=rd_loan, by=hightech_admin)
    )
    assert len(results) == 1 and all(isinstance(e, (ValidationError, IntegrityError)) for e in errors)
    assert Application.objects.count() == 1
