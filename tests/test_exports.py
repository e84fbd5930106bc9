"""Every export through the one XLSX writer and the one PDF renderer: text formula-safe, amounts
as numbers, dates as dates; no empty box for a valid Chinese character (䶮 Ext A, 𠮷 Ext B)."""

import datetime as dt
import io
import shutil
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from catalog.models import Demand
from core import pdf, xlsx
from monitoring import exports
from monitoring.models import Indicator, LedgerTask, PlanDocument

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example","点我")'


def _workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_writer_cell_types():
    content = xlsx.workbook_bytes(
        [
            xlsx.Sheet(
                "t",
                ["a", "b", "c", "d", "e", "f"],
                [[FORMULA, Decimal("40.00"), dt.date(2026, 6, 30), True, None, "+1"]],
            )
        ]
    )
    sheet = _workbook(content)["t"]
    text, amount, date, flag, empty, plus = (c for c in sheet[2])
    assert text.data_type == "s" and text.value == FORMULA
    assert amount.data_type == "n" and amount.value == 40 and amount.number_format == "0.00"
    assert date.is_date and date.value.date() == dt.date(2026, 6, 30)
    assert flag.value == "是" and empty.value is None and plus.data_type == "s"


def test_catalog_export_amounts_are_numbers_and_dates_are_dates(client, operator, make_record, enterprise):
    make_record(
        Demand,
        owner_org=enterprise,
        status="published",
        title=FORMULA,
        problem="x",
        budget_min=Decimal("40"),
        budget_max=Decimal("60.5"),
        deadline=dt.date(2027, 6, 30),
    )
    client.force_login(operator)
    response = client.get(reverse("catalog:export", args=["demands"]))
    sheet = _workbook(response.content)["数据"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["标题"].data_type == "s" and row["标题"].value == FORMULA
    assert row["预算下限（万元）"].data_type == "n" and row["预算下限（万元）"].value == 40
    assert row["预算上限（万元）"].value == 60.5
    assert row["期望完成日期"].is_date and row["期望完成日期"].value.date() == dt.date(2027, 6, 30)
    assert row["发布时间"].is_date


def test_monitoring_export_never_writes_a_live_formula(client, make_user):
    plan = PlanDocument.objects.create(code="demo-plan", title="演示规划")
    LedgerTask.objects.create(
        code="T-1", plan=plan, section="一", title=FORMULA, recurrence="once", deadline=dt.date(2027, 1, 1)
    )
    leader = make_user(roles=["leader"])
    client.force_login(leader)
    response = client.get(reverse("monitoring:export_xlsx"))
    assert response.status_code == 200
    sheet = _workbook(response.content)["任务台账"]
    titles = [row[2] for row in sheet.iter_rows(min_row=2)]
    cell = next(c for c in titles if c.value == FORMULA)
    assert cell.data_type == "s"
    deadline = next(row[4] for row in sheet.iter_rows(min_row=2) if row[2].value == FORMULA)
    assert deadline.is_date


@pytest.mark.skipif(not shutil.which("fc-list"), reason="fontconfig missing")
def test_pdf_prints_extension_a_and_b_characters():
    Indicator.objects.create(code="demo-rare", name="演示䶮𠮷指标", unit="项", source="reported")
    html = exports.report_html()
    assert "演示䶮𠮷指标" in html
    assert pdf.missing_glyphs(html, "演示䶮𠮷指标") == []
    # the check can fail: a character no installed font has is reported
    assert pdf.missing_glyphs("<p>\U000e01ef\U0010fff0</p>", "\U0010fff0") == ["\U0010fff0"]
