import contextlib
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import Indicator, LedgerTask, Observation

pytestmark = pytest.mark.django_db

DASHBOARD_URLS = [
    reverse("monitoring:dashboard"),
    reverse("monitoring:wall"),
    reverse("monitoring:export_xlsx"),
    reverse("monitoring:parks"),
    reverse("monitoring:indicator", args=["tech_contract_turnover"]),
]
API_URLS = ["/api/v1/monitoring/indicators/", "/api/v1/monitoring/observations/", "/api/v1/monitoring/ledger-tasks/"]


@pytest.mark.parametrize("who", ["member", "broker", "reviewer"])
def test_others_are_refused_the_dashboard(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in DASHBOARD_URLS + [reverse("monitoring:export_pdf")]:
        assert client.get(url).status_code == 403, url
    assert client.get("/api/v1/monitoring/indicators/").status_code == 403


@pytest.mark.parametrize("who", ["member", "broker"])
def test_members_and_brokers_are_refused_the_ledger(client, request, who):
    client.force_login(request.getfixturevalue(who))
    task = LedgerTask.objects.first()
    assert client.get(reverse("monitoring:ledger")).status_code == 403
    assert client.get(reverse("monitoring:ledger_task", args=[task.pk])).status_code == 403
    assert client.post(reverse("monitoring:ledger_close", args=[task.pk]), {"note": "x"}).status_code == 403
    for url in API_URLS[2:]:
        assert client.get(url).status_code == 403


def test_visitors_are_sent_to_login(client):
    for url in DASHBOARD_URLS + [reverse("monitoring:ledger")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for url in API_URLS:
        assert client.get(url).status_code in (401, 403)


def test_nav_entry_only_for_leaders(client, leader, member):
    client.force_login(member)
    assert "监测大屏" not in client.get("/").content.decode()
    client.force_login(leader)
    assert "监测大屏" in client.get("/").content.decode()


def test_leader_sees_targets_sources_and_no_invented_numbers(client, leader):
    client.force_login(leader)
    for period in ("week", "month", "quarter", "year"):
        html = client.get(reverse("monitoring:dashboard"), {"period": period}).content.decode()
        assert "国家高新技术企业数" in html and "2,000" in html and "表1" in html and "暂无数据" in html
        assert "立即刷新" not in html  # the refresh button is for operators
    assert client.get(reverse("monitoring:wall")).status_code == 200
    assert client.post(reverse("monitoring:refresh")).status_code == 403
    # a leader reads the ledger but cannot enter progress
    task = LedgerTask.objects.get(code="A04-2026")
    html = client.get(reverse("monitoring:ledger_task", args=[task.pk])).content.decode()
    assert "提交进展" not in html
    assert (
        client.post(
            reverse("monitoring:ledger_progress", args=[task.pk]), {"note": "x", "date": "2026-01-01"}
        ).status_code
        == 403
    )


def test_operator_refreshes_and_reports(client, operator):
    client.force_login(operator)
    response = client.post(reverse("monitoring:refresh"))
    assert response.status_code == 302
    assert Observation.objects.filter(indicator__code="achievements_published").exists()
    url = reverse("monitoring:report", args=["tech_smes"])
    client.post(
        url, {"period_type": "year", "period_start": "2025-01-01", "value": "4970", "evidence": "新区科技局统计"}
    )
    assert Observation.objects.get(indicator__code="tech_smes").value == Decimal("4970")
    html = client.get(reverse("monitoring:indicator", args=["tech_smes"])).content.decode()
    assert "4,970" in html and "新区科技局统计" in html


def test_ledger_flow_through_pages(client, operator, operator2, reviewer):
    task = LedgerTask.objects.get(code="A01-2026")
    client.force_login(operator)
    response = client.post(
        reverse("monitoring:ledger_progress", args=[task.pk]),
        {"date": "2026-05-01", "amount": "5", "note": "5 个试点项目签约", "evidence": "试点协议"},
    )
    assert response.status_code == 302
    client.force_login(reviewer)
    assert client.get(reverse("monitoring:ledger")).status_code == 200
    response = client.post(reverse("monitoring:ledger_close", args=[task.pk]), {"note": ""})
    assert response.status_code == 400
    client.post(reverse("monitoring:ledger_close", args=[task.pk]), {"note": "完成 5 个"})
    task.refresh_from_db()
    assert task.status == "pending"
    client.post(reverse("monitoring:ledger_confirm", args=[task.pk]), {"note": ""})
    task.refresh_from_db()
    assert task.status == "pending"  # the proposer cannot confirm
    client.force_login(operator2)
    client.post(reverse("monitoring:ledger_confirm", args=[task.pk]), {"note": "复核"})
    task.refresh_from_db()
    assert task.status == "closed" and task.closed_by == operator2
    assert "已销号" in client.get(reverse("monitoring:ledger"), {"status": "closed"}).content.decode()


def test_api(client, operator, reviewer, leader):
    client.force_login(operator)
    response = client.post(
        "/api/v1/monitoring/observations/",
        {
            "indicator": "gazelle_enterprises",
            "period_type": "year",
            "period_start": "2025-01-01",
            "value": "96",
            "evidence": "瞪羚企业名单",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(
        f"/api/v1/monitoring/observations/{pk}/revise/", {"value": "98"}, content_type="application/json"
    )
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    response = client.post(
        f"/api/v1/monitoring/observations/{pk}/revise/",
        {"value": "98", "reason": "名单更新"},
        content_type="application/json",
    )
    assert response.json()["revisions"][0]["previous_value"] == "96.0000"
    task = LedgerTask.objects.get(code="A48-2026")
    response = client.post(
        f"/api/v1/monitoring/ledger-tasks/{task.pk}/progress/",
        {"note": "征集 60 项", "amount": "60", "evidence": "需求库导出"},
        content_type="application/json",
    )
    assert response.status_code == 201
    client.force_login(leader)
    data = client.get("/api/v1/monitoring/indicators/gazelle_enterprises/").json()
    assert data["latest"]["value"] == "98.0000" and data["targets"][0]["value"] == "110.0000"
    assert (
        client.post(
            f"/api/v1/monitoring/ledger-tasks/{task.pk}/close/", {"note": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.get("/api/v1/monitoring/ledger-tasks/?status=in_progress").json()["count"] == 1
    client.force_login(reviewer)
    response = client.post(
        f"/api/v1/monitoring/ledger-tasks/{task.pk}/close/", {"note": "阶段完成"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "pending"
    client.force_login(operator)
    response = client.post(f"/api/v1/monitoring/ledger-tasks/{task.pk}/confirm/", {}, content_type="application/json")
    assert response.status_code == 400  # operator entered every progress entry
    client.force_login(leader)
    assert client.post(f"/api/v1/monitoring/ledger-tasks/{task.pk}/confirm/", {}).status_code == 403


def test_xlsx_export_opens(client, leader):
    client.force_login(leader)
    response = client.get(reverse("monitoring:export_xlsx"))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[:3] == ["指标与目标", "观测值", "任务台账"]
    rows = list(wb["指标与目标"].iter_rows(values_only=True))
    turnover = [r for r in rows if r[0] == "技术合同交易额"]
    assert {r[7] for r in turnover} == {2025, 2026} and {r[8] for r in turnover} == {230, 500}
    assert all(r[5] == "暂无数据" for r in rows[1:] if r[2] == "运营填报")
    assert wb["任务台账"].max_row == LedgerTask.objects.count() + 1


def test_pdf_export_embeds_a_cjk_font(client, leader, tmp_path):
    client.force_login(leader)
    response = client.get(reverse("monitoring:export_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert "WenQuanYi" in fonts and " yes " in fonts  # embedded
    else:
        objects = _pdf_objects(response.content)
        assert b"WenQuanYi" in objects and b"/FontFile2" in objects  # the font program travels with the file


def _pdf_objects(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated (WeasyPrint packs objects into object streams)."""
    import re
    import zlib

    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(match.group(1)))
    return b"\n".join(parts)


def test_park_entry_page(client, operator, leader):
    park = Indicator.objects.none()  # noqa: F841
    from reference.models import Park

    park = Park.objects.get(name="西咸新区·沣东先进制造产业园")
    client.force_login(leader)
    assert client.get(reverse("monitoring:park_edit", args=[park.pk])).status_code == 403
    client.force_login(operator)
    client.post(
        reverse("monitoring:park_edit", args=[park.pk]),
        {"form": "land", "land_area_mu": "1500", "source": "园区管委会"},
    )
    client.post(
        reverse("monitoring:park_edit", args=[park.pk]),
        {"form": "year", "year": "2025", "tax": "30000", "evidence": "税务数据"},
    )
    html = client.get(reverse("monitoring:parks"), {"year": 2025}).content.decode()
    assert "20" in html and "园区亩均评价" in html
    park.refresh_from_db()
    assert park.land_area_mu == 1500
