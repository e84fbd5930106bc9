"""The monthly statistics report (deals.monthly_report): figures from deals.statistics, changes,
targets, the PDF (Chinese glyphs embedded) and XLSX, who may get it, the command and its schedule."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from deals import monthly_report, statistics
from deals.services.contracts import contract_register

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)


@pytest.fixture
def contracts(signed_deal, operator):
    """Registered: 2026-03 (two), 2026-02, 2026-01, 2025-03 (2025-02 nothing)."""
    made = {}
    for key, day, total, tech, payment in [
        ("mar_a", dt.date(2026, 3, 5), "100", "80", "lump_sum"),
        ("mar_b", dt.date(2026, 3, 20), "50", "40", "instalments"),
        ("feb", dt.date(2026, 2, 10), "60", "50", "lump_sum"),
        ("jan", dt.date(2026, 1, 15), "30", "20", "lump_sum"),
        ("last_mar", dt.date(2025, 3, 10), "75", "60", "lump_sum"),
    ]:
        extra = {"instalment_plan": "签约付 50%，验收付 50%"} if payment == "instalments" else {}
        deal = signed_deal(tech=Decimal(tech), total=Decimal(total), payment_mode=payment, **extra)
        contract_register(contract=deal.contract, registry="610000", by=operator, on=day)
        made[key] = deal.contract
    return made


@pytest.fixture
def leader(make_user):
    return make_user(name="领导", roles=["leader"])


def test_figures_changes_and_sections_come_from_statistics(contracts):
    report = monthly_report.build(MARCH)
    total = report.total
    assert total["month"] == {"count": 2, "total_amount": Decimal("150.00"), "tech_amount": Decimal("120.00")}
    assert total["prev_month"]["total_amount"] == Decimal("60.00")
    assert total["last_year_month"]["total_amount"] == Decimal("75.00")
    assert total["ytd"] == {"count": 4, "total_amount": Decimal("240.00"), "tech_amount": Decimal("190.00")}
    assert total["last_ytd"]["count"] == 1
    assert total.mom_total == Decimal("150.0")  # (150 − 60) / 60
    assert total.yoy_total == Decimal("100.0")  # (150 − 75) / 75
    assert total.mom_tech == Decimal("140.0")  # (120 − 50) / 50
    assert total.ytd_yoy_tech == Decimal("216.7")  # (190 − 60) / 60
    # Every section of the indicators' breakdowns, in their order, each row the statistics' own figure.
    assert [code for code, _label, _rows in report.sections] == [
        "seller_region", "buyer_region", "new_city", "chain", "tech_field", "contract_type", "subtype", "payment_mode",
    ]  # fmt: skip
    sections = {code: {row.label: row for row in rows} for code, _label, rows in report.sections}
    expected = statistics.breakdown("payment_mode", dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert sections["payment_mode"]["分期支付"]["month"] == expected["分期支付"]
    assert sections["payment_mode"]["分期支付"].mom_total is None  # no base last month: "—"
    assert sections["buyer_region"]["咸阳市"]["ytd"]["count"] == 4  # 吸纳: the buyer's prefecture (610400)
    assert sections["seller_region"]["西安市"]["month"]["count"] == 2  # 输出: the seller's (610100)
    assert sections["tech_field"]["新能源与高效节能"]["ytd"]["tech_amount"] == Decimal("190.00")


def test_a_termination_drops_out_of_the_month(contracts, operator):
    from deals.services.registration import contract_terminate

    contract_terminate(
        contract=contracts["mar_b"],
        by=operator,
        basis="agreement",
        reason="双方协议解除",
        effective_on=dt.date(2026, 3, 25),
    )
    report = monthly_report.build(MARCH)
    assert report.total["month"]["count"] == 1 and report.total["month"]["total_amount"] == Decimal("100.00")


def test_targets_and_progress(contracts):
    report = monthly_report.build(MARCH)
    turnover = [t for t in report.targets if t.measure == "total_amount" and t.year == 2026]
    assert turnover, "the plan target 技术合同交易额突破500亿元 (seed 001 二) is attached to 合同成交额"
    target = turnover[0]
    assert target.value == Decimal("500") and "行动计划" in target.source
    assert target.ytd == Decimal("0.0240")  # 240 万元 = 0.024 亿元
    assert target.percent == Decimal("0.0")
    assert not [t for t in report.targets if t.year < 2026]


def test_pdf_draws_the_chinese_text(contracts):
    from core.pdf import missing_glyphs

    report = monthly_report.build(MARCH)
    html = monthly_report.html(report)
    assert "技术输出（按卖方所在地区）" in html and "技术吸纳（按买方所在地区）" in html
    assert missing_glyphs(html, "技术合同月度统计报告输出吸纳环比同比合同成交额咸阳西安") == []
    assert monthly_report.pdf_bytes(report).startswith(b"%PDF")


def test_xlsx_sheets_and_numbers(contracts):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(monthly_report.xlsx_bytes(monthly_report.build(MARCH))))
    assert book.sheetnames == ["月度统计", "规划目标", "口径"]
    rows = list(book["月度统计"].iter_rows(values_only=True))
    assert rows[1][:5] == ("合计", "合计", 2, 150, 120)
    assert rows[1][6] == pytest.approx(1.5)  # 环比 +150% as a percentage cell
    assert any(r[0] == "技术吸纳（按买方所在地区）" and r[1] == "咸阳市" for r in rows)


def test_operator_and_leader_download_from_the_statistics_page(client, operator, leader, contracts):
    for user in (operator, leader):
        client.force_login(user)
        page = client.get(reverse("deals:statistics"))
        assert 'id="monthly-report"' in page.content.decode()
        response = client.get(reverse("deals:monthly_report"), {"month": "2026-03", "format": "pdf"})
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        response = client.get(reverse("deals:monthly_report"), {"month": "2026-03", "format": "xlsx"})
        assert response.status_code == 200 and "202603" in response["Content-Disposition"]
    from core.audit import AuditEntry

    assert AuditEntry.objects.filter(action="export", note="deals.monthly_report").count() == 4


def test_enterprise_broker_and_anonymous_cannot_get_it(client, member, broker, contracts):
    url = reverse("deals:monthly_report")
    api = reverse("deal-monthly-report")
    # Anonymous: the page sends to login, the API refuses; neither shows the link on the statistics page.
    assert client.get(url, {"month": "2026-03"}).status_code == 302
    assert client.get(api, {"month": "2026-03"}).status_code in (401, 403)
    assert client.get(api, {"month": "2026-03", "output": "xlsx"}).status_code in (401, 403)
    assert 'id="monthly-report"' not in client.get(reverse("deals:statistics")).content.decode()
    for user in (member, broker.user):
        client.force_login(user)
        assert client.get(url, {"month": "2026-03", "format": "pdf"}).status_code == 403
        assert client.get(url, {"month": "2026-03", "format": "xlsx"}).status_code == 403
        assert client.get(api, {"month": "2026-03"}).status_code == 403
        assert client.get(api, {"month": "2026-03", "output": "pdf"}).status_code == 403
        assert 'id="monthly-report"' not in client.get(reverse("deals:statistics")).content.decode()


def test_api_json_and_bad_input(client, operator, contracts):
    client.force_login(operator)
    data = client.get(reverse("deal-monthly-report"), {"month": "2026-03"}).json()
    assert data["total"]["periods"]["month"]["count"] == 2
    assert data["total"]["changes_percent"]["yoy_total"] == 100.0
    assert [s["code"] for s in data["sections"]][:2] == ["seller_region", "buyer_region"]
    assert data["targets"][0]["value_yi"] > 0
    bad = client.get(reverse("deal-monthly-report"), {"month": "2026-13"})
    assert bad.status_code == 400 and "month" in bad.json()["error"]["fields"]
    future = client.get(reverse("deal-monthly-report"), {"month": "2999-01"})
    assert future.status_code == 400
    assert client.get(reverse("deal-monthly-report"), {"output": "doc"}).status_code == 400
    # The page: back to the statistics page with the message, never a 500.
    response = client.get(reverse("deals:monthly_report"), {"month": "三月"}, follow=True)
    assert response.status_code == 200 and "月份格式应为 YYYY-MM。" in response.content.decode()


def test_command_writes_files_and_notifies_once(tmp_path, operator, leader, member, contracts):
    from django.core.management import call_command

    from notifications.models import Notification

    call_command("deals_monthly_report", "--month", "2026-03", "--out", str(tmp_path))
    assert (tmp_path / "tech-contracts-monthly-202603.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "tech-contracts-monthly-202603.xlsx").stat().st_size > 0
    notices = Notification.objects.filter(kind="deals.monthly_report")
    assert set(notices.values_list("user_id", flat=True)) == {operator.pk, leader.pk}
    call_command("deals_monthly_report", "--month", "2026-03", "--out", str(tmp_path))
    assert notices.count() == 2  # announced once


def test_scheduled_monthly_and_in_the_readme(settings):
    assert "deals_monthly_report" in settings.SCHEDULED_COMMANDS
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert "`manage.py deals_monthly_report`" in readme


def test_parse_month():
    today = dt.date(2026, 12, 1)
    assert monthly_report.parse_month("", today) == dt.date(2026, 11, 1)
    assert monthly_report.parse_month("2026-01", today) == dt.date(2026, 1, 1)
    for bad in ("2026-1-5", "x", "2027-01", "1999-12"):
        with pytest.raises(ValueError):
            monthly_report.parse_month(bad, today)
    assert monthly_report.periods(dt.date(2024, 2, 1))["last_year_month"] == (dt.date(2023, 2, 1), dt.date(2023, 2, 28))
