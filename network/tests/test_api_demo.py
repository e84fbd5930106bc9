"""The network API (same rules as the pages) and the demo loader (idempotent, 演示)."""

import datetime as dt
import io

import pytest

pytestmark = pytest.mark.django_db


def test_submarkets_and_carriers_api(client, make_org, make_user, xianyang_op):
    from network import services
    from network.models import Carrier

    org = make_org(name="某加速器公司", prefecture_id="610400")
    staff = make_user(org=org)
    carrier = Carrier.objects.create(name="某加速器", kind="accelerator", organisation=org, prefecture_id="610400")
    codes = [m["code"] for m in client.get("/api/v1/network/submarkets/").json()["results"]]
    assert "xianyang" in codes
    assert client.get("/api/v1/network/carriers/?kind=accelerator").json()["results"][0]["name"] == "某加速器"
    # Filing through the API needs a member; a visitor is refused with the platform's error format.
    body = {"year": dt.date.today().year, "projects_incubated": 3}
    assert client.post(f"/api/v1/network/carriers/{carrier.pk}/reports/", body).status_code in (401, 403)
    client.force_login(staff)
    response = client.post(f"/api/v1/network/carriers/{carrier.pk}/reports/", body)
    assert response.status_code == 201
    report_id = response.json()["id"]
    bad = client.post(f"/api/v1/network/carriers/{carrier.pk}/reports/", {"year": 1800})
    assert bad.status_code == 400
    client.post(f"/api/v1/network/carriers/{carrier.pk}/report-transition/?report={report_id}", {"action": "submit"})
    client.force_login(xianyang_op)
    response = client.post(
        f"/api/v1/network/carriers/{carrier.pk}/report-transition/?report={report_id}", {"action": "return"}
    )
    assert response.status_code == 400  # a return needs a reason
    response = client.post(
        f"/api/v1/network/carriers/{carrier.pk}/report-transition/?report={report_id}", {"action": "accept"}
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert services.REVIEW["accept"].target == "accepted"


def test_api_schema_builds(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200 and b"/api/v1/network/statistics/" in response.content


def test_demo_loader_is_idempotent(operator):
    from network.demo import load
    from network.models import Carrier, Case, ServiceAgency, SubMarket

    context = {"operator": operator, "logins": []}
    load(context, io.StringIO())
    counts = (Carrier.objects.count(), Case.objects.count(), ServiceAgency.objects.count())
    load(context, io.StringIO())
    assert (Carrier.objects.count(), Case.objects.count(), ServiceAgency.objects.count()) == counts
    assert all("演示" in c.name for c in Carrier.objects.all())
    assert all("演示" in c.title for c in Case.objects.all())
    assert SubMarket.objects.get(code="xianyang").operators.filter(email="xianyang@demo.qcy").exists()
