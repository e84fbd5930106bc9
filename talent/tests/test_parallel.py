"""Concurrency on PostgreSQL: one placement per accepted contact, one pending request per requester."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.testing import run_in_parallel
from talent import services
from talent.models import ContactRequest, Placement

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL"),
]


def test_one_placement_per_contact(verified, demand, employer):
    contact = services.contact_request(by=employer, profile=verified, demand=demand, message="您好")
    services.contact_answer(by=verified.user, contact=contact, accept=True)
    results, errors = run_in_parallel(
        6, lambda i: services.placement_record(by=employer, contact=contact, started_on=dt.date(2026, 3, 1))
    )
    assert len(results) == 1 and len(errors) == 5 and all(isinstance(e, ValidationError) for e in errors)
    assert Placement.objects.count() == 1


def test_one_pending_request_per_requester(verified, employer):
    results, errors = run_in_parallel(
        6, lambda i: services.contact_request(by=employer, profile=verified, message=f"第{i}次")
    )
    assert len(results) == 1 and len(errors) == 5 and all(isinstance(e, ValidationError) for e in errors)
    assert ContactRequest.objects.filter(profile=verified, requester=employer).count() == 1
