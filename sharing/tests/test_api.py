from decimal import Decimal

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


def test_profile_and_busy_slots_without_who(api, instrument, book):
    booking = book()
    data = api.get(f"/api/v1/sharing/instruments/{instrument.pk}/").json()
    assert data["prices"][0]["outsider_rate"] == "500.00" and data["hours"][0]["day_kind"] == "workday"
    busy = api.get(f"/api/v1/sharing/instruments/{instrument.pk}/busy/?week={booking.start.date()}").json()
    assert len(busy) == 1 and set(busy[0]) == {"start", "end"}


def test_booking_flow_and_structured_errors(api, instrument, engineer, staff, company, slot, stranger):
    start, end = slot(9, 11)
    api.force_authenticate(engineer)
    body = {
        "instrument": instrument.pk,
        "organisation": company.pk,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "purpose": "形貌观察",
    }
    created = api.post("/api/v1/sharing/bookings/", body, format="json")
    assert created.status_code == 201, created.content
    clash = api.post("/api/v1/sharing/bookings/", body, format="json")
    assert clash.status_code == 400
    assert clash.json()["error"]["fields"]["start"] == ["该时段已被预约，请选择其他时间。"]
    pk = created.json()["id"]
    assert api.post(f"/api/v1/sharing/bookings/{pk}/approve/", {}, format="json").status_code == 403
    api.force_authenticate(stranger)
    assert api.get(f"/api/v1/sharing/bookings/{pk}/").status_code == 404
    assert api.get("/api/v1/sharing/bookings/").json()["count"] == 0
    api.force_authenticate(staff)
    refused = api.post(f"/api/v1/sharing/bookings/{pk}/refuse/", {}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["error"]["fields"]
    assert api.post(f"/api/v1/sharing/bookings/{pk}/approve/", {}, format="json").json()["status"] == "approved"


def test_voucher_redeem_api_once_and_hidden_from_others(api, confirmed, voucher, engineer, stranger, operator, batch):
    booking = confirmed()
    api.force_authenticate(stranger)
    assert api.get("/api/v1/sharing/vouchers/").json()["count"] == 0
    assert (
        api.post(f"/api/v1/sharing/vouchers/{voucher.pk}/redeem/", {"booking": booking.pk}, format="json").status_code
        == 404
    )
    api.force_authenticate(engineer)
    first = api.post(f"/api/v1/sharing/vouchers/{voucher.pk}/redeem/", {"booking": booking.pk}, format="json")
    assert first.status_code == 201 and Decimal(first.json()["amount"]) == Decimal("553.25")
    again = api.post(f"/api/v1/sharing/vouchers/{voucher.pk}/redeem/", {"booking": booking.pk}, format="json")
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid"
    assert api.get(f"/api/v1/sharing/batches/{batch.pk}/reconciliation/").status_code == 403
    api.force_authenticate(operator)
    report = api.get(f"/api/v1/sharing/batches/{batch.pk}/reconciliation/").json()
    assert report["redeemed"] == "553.25" and report["balanced"] is True


def test_orders_and_utilisation_api(api, engineer, company, owner_org, staff, stranger, confirmed, instrument):
    api.force_authenticate(engineer)
    created = api.post(
        "/api/v1/sharing/orders/",
        {
            "provider": owner_org.pk,
            "organisation": company.pk,
            "title": "XRD",
            "samples": "粉末",
            "requirements": "物相",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    api.force_authenticate(staff)
    assert (
        api.post(f"/api/v1/sharing/orders/{pk}/quote/", {"amount": "300"}, format="json").json()["status"] == "quoted"
    )
    api.force_authenticate(stranger)
    assert api.get(f"/api/v1/sharing/orders/{pk}/").status_code == 404
    confirmed()
    assert api.get("/api/v1/sharing/utilisation/?start=2020-01-01&end=2030-12-31").json() == []
    api.force_authenticate(staff)
    rows = api.get("/api/v1/sharing/utilisation/?start=2020-01-01&end=2030-12-31").json()
    assert rows[0]["instrument"] == instrument.pk and rows[0]["income"] == "1106.50"


def test_openapi_schema_lists_sharing(api):
    schema = api.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/sharing/bookings/{id}/{step}/" in paths or any("sharing/bookings" in p for p in paths)
    assert "/api/v1/sharing/vouchers/{id}/redeem/" in paths
