"""Pages and API end to end on the test client: entry, verification, points, pools, exports, English."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.models import AnnualReport, PointsRun, PoolProposal, Qualification


def test_enterprise_enters_operator_verifies_on_pages(client, firm, firm_admin, operator):
    client.force_login(firm_admin)
    url = reverse("enterprises:edit", args=[firm.organisation_id])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"form": "report", "r-year": 2025, "r-staff": 10, "r-rd_staff": 20})
    assert bad.status_code == 200 and "研发人员不能多于从业人员" in bad.content.decode()
    assert not AnnualReport.objects.exists()
    ok = client.post(url, {"form": "report", "r-year": 2025, "r-staff": 30, "r-rd_staff": 9, "r-revenue": "1234.5"})
    assert ok.status_code == 302
    client.post(url, {"form": "qualification", "q-kind": "high_tech", "q-number": "GR1", "q-issued_on": "2024-10-01"})
    assert Qualification.objects.get().expires_on == dt.date(2027, 9, 30)
    client.force_login(operator)
    queue = client.get(reverse("enterprises:queue")).content.decode()
    assert "1234.50" in queue and "GR1" in queue
    report = AnnualReport.objects.get()
    client.post(reverse("enterprises:review", args=["report", report.pk]), {"approve": "0", "note": ""})
    assert AnnualReport.objects.get().status == "pending"  # a return needs a reason
    client.post(reverse("enterprises:review", args=["report", report.pk]), {"approve": "1"})
    client.post(reverse("enterprises:review", args=["qualification", Qualification.objects.get().pk]), {"approve": "1"})
    assert AnnualReport.objects.get().status == "verified" and Qualification.objects.get().status == "verified"
    portrait = client.get(reverse("enterprises:portrait", args=[firm.organisation_id])).content.decode()
    assert "1234.50" in portrait and "chart-figures" in portrait


def test_non_admin_cannot_open_edit(client, firm, member):
    client.force_login(member)
    assert client.get(reverse("enterprises:edit", args=[firm.organisation_id])).status_code == 403


def test_operator_runs_points_and_pools_and_exports(client, firm, verified_report, verified_qualification, operator):
    verified_report(firm, 2025, revenue=Decimal(800))
    verified_qualification(firm, "tech_sme", issued=dt.date(2025, 1, 1), expires=dt.date(2025, 12, 31))
    client.force_login(operator)
    client.post(reverse("enterprises:points_score"), {"year": 2025})
    run = PointsRun.objects.get()
    assert (
        client.get(reverse("enterprises:points") + f"?run={run.pk}").content.decode().count(firm.organisation.name) == 1
    )
    client.post(reverse("enterprises:points_publish", args=[run.pk]))
    assert PointsRun.objects.get().status == "published"
    wb = load_workbook(io.BytesIO(client.get(reverse("enterprises:points_export", args=[run.pk])).content))
    assert wb["积分"]["B2"].value == firm.organisation.name and wb["得分明细"].max_row == 13
    client.post(reverse("enterprises:pools_propose"), {"year": 2025})
    proposal = PoolProposal.objects.get(tier__code="tech_sme")
    page = client.get(reverse("enterprises:pools") + "?year=2025").content.decode()
    assert "科技型中小企业（实际：是）：满足" in page
    client.post(reverse("enterprises:pools_decide", args=[proposal.pk]), {"confirm": "0", "note": ""})
    assert PoolProposal.objects.get(pk=proposal.pk).status == "proposed"
    client.post(reverse("enterprises:pools_decide", args=[proposal.pk]), {"confirm": "1"})
    assert PoolProposal.objects.get(pk=proposal.pk).status == "confirmed"
    wb = load_workbook(io.BytesIO(client.get(reverse("enterprises:pools_export") + "?year=2025").content))
    assert wb["2025遴选"]["B2"].value == firm.organisation.name and wb["在库记录"].max_row == 2


def test_api_entry_and_errors(client, firm, firm_admin, operator):
    client.force_login(firm_admin)
    url = f"/api/v1/enterprises/{firm.organisation_id}/reports/"
    bad = client.post(url, {"year": 2025, "staff": 5, "rd_staff": 9}, content_type="application/json")
    assert bad.status_code == 400 and "rd_staff" in bad.json()["error"]["fields"]
    ok = client.post(url, {"year": 2025, "staff": 10, "revenue": "99.5"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["status"] == "pending"
    assert (
        client.post(
            f"/api/v1/enterprise-reviews/report/{ok.json()['id']}/", {"approve": True}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(operator)
    r = client.post(
        f"/api/v1/enterprise-reviews/report/{ok.json()['id']}/", {"approve": False}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["error"]["fields"]["note"]
    r = client.post(
        f"/api/v1/enterprise-reviews/report/{ok.json()['id']}/", {"approve": True}, content_type="application/json"
    )
    assert r.json()["status"] == "verified"
    assert client.post("/api/v1/points-runs/score/?year=2025").status_code == 201
    assert client.post("/api/v1/points-runs/score/").status_code == 400
    assert client.post("/api/v1/pool-proposals/propose/?year=2025").status_code == 201


def test_tier_rules_api(client, operator, make_user):
    url = "/api/v1/pool-tiers/gazelle/rules/"
    body = {"entry_rules": [{"fact": "revenue", "op": ">=", "value": 100}]}
    client.force_login(make_user(roles=["leader"]))
    assert client.put(url, body, content_type="application/json").status_code == 403
    client.force_login(operator)
    bad = client.put(url, {"entry_rules": [{"fact": "nope", "op": ">=", "value": 1}]}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"
    assert client.put(url, body, content_type="application/json").json()["entry_rules"][0]["value"] == 100


def test_demonstration_library_public(client, firm, operator):
    client.force_login(operator)
    r = client.post(
        reverse("enterprises:designate", args=[firm.organisation_id]),
        {"reason": "联合实验室", "designated_on": "2025-06-01"},
    )
    assert r.status_code == 302
    client.logout()
    assert firm.organisation.name in client.get(reverse("enterprises:demonstrations")).content.decode()
    assert client.get("/api/v1/demonstrations/").json()[0]["reason"] == "联合实验室"


def test_openapi_schema_lists_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    assert (
        "/api/v1/enterprises/{org_pk}/reports/" in schema
        and "/api/v1/pool-proposals/{id}/decide/" in schema.replace("{pk}", "{id}")
    )


@pytest.mark.parametrize("name", ["enterprises:points", "enterprises:pools"])
def test_english(client, operator, name):
    client.force_login(operator)
    client.cookies.load({"django_language": "en"})
    html = client.get(reverse(name)).content.decode()
    assert {"enterprises:points": "Enterprise innovation points", "enterprises:pools": "Firms per tier at year end"}[
        name
    ] in html
    assert "企业创新积分" not in html and "各层级年末在库企业数" not in html


def test_organisation_page_links_to_portrait(client, firm, make_org):
    html = client.get(reverse("accounts:organisation_detail", args=[firm.organisation_id])).content.decode()
    assert reverse("enterprises:portrait", args=[firm.organisation_id]) in html
    uni = make_org(kind="university")
    page = client.get(reverse("accounts:organisation_detail", args=[uni.pk])).content.decode()
    assert "查看企业画像" not in page
