import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from core.testing import run_in_parallel
from deals.models import Contract, RegistrationCounter
from deals.services.contracts import contract_register

pytestmark = pytest.mark.django_db


def test_numbers_per_registry_and_year(signed_deal, operator):
    a, b, c, d = (signed_deal() for _ in range(4))
    n1 = contract_register(
        contract=a.contract, registry="610000", by=operator, on=dt.date(2026, 3, 1)
    ).registration_number
    n2 = contract_register(
        contract=b.contract, registry="610000", by=operator, on=dt.date(2026, 3, 2)
    ).registration_number
    n3 = contract_register(
        contract=c.contract, registry="西咸", by=operator, on=dt.date(2026, 3, 2)
    ).registration_number
    n4 = contract_register(
        contract=d.contract, registry="610000", by=operator, on=dt.date(2027, 1, 2)
    ).registration_number
    assert (n1, n2, n3, n4) == ("6100002026000001", "6100002026000002", "西咸2026000001", "6100002027000001")


def test_cannot_register_twice(signed_deal, operator):
    from django.core.exceptions import ValidationError

    deal = signed_deal()
    contract_register(contract=deal.contract, registry="610000", by=operator)
    with pytest.raises(ValidationError):
        contract_register(contract=Contract.objects.get(pk=deal.contract.pk), registry="610000", by=operator)
    assert RegistrationCounter.objects.get().last_number == 1


def test_unknown_registry_refused(signed_deal, operator):
    from django.core.exceptions import ValidationError

    deal = signed_deal()
    with pytest.raises(ValidationError):
        contract_register(contract=deal.contract, registry="999999", by=operator)


def test_register_through_api(client, signed_deal, operator, buyer):
    deal = signed_deal()
    client.force_login(buyer)
    response = client.post(
        f"/api/v1/deals/{deal.pk}/contract/register/", {"registry": "610000"}, content_type="application/json"
    )
    assert response.status_code == 403
    client.force_login(operator)
    response = client.post(
        f"/api/v1/deals/{deal.pk}/contract/register/", {"registry": "610000"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["registration_number"].startswith("610000")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL")
def test_parallel_registration_has_no_duplicate_or_gap(signed_deal, operator):
    count = 24
    deals = [signed_deal(tech=Decimal(i + 1)) for i in range(count)]
    contracts = [deal.contract for deal in deals]

    def register(i):
        return [
            contract_register(contract=c, registry="西咸", by=operator, on=dt.date(2026, 5, 1)).registration_number
            for c in contracts[i::8]
        ]

    chunks, errors = run_in_parallel(8, register)
    numbers = [n for chunk in chunks for n in chunk]
    assert errors == []
    assert len(numbers) == len(set(numbers)) == count
    assert sorted(numbers) == [f"西咸2026{n:06d}" for n in range(1, count + 1)]
    assert RegistrationCounter.objects.get(registry="西咸", year=2026).last_number == count
