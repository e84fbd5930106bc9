"""Bulk import of annual figures by operators: all rows or none, errors by line and column."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enterprises.importing import import_reports
from enterprises.models import AnnualReport

HEADER = "统一社会信用代码,企业名称,年度,从业人员,研发人员,营业收入,研发费用\n"


def test_import_writes_verified_rows(firm, operator):
    code = firm.organisation.credit_code
    content = (HEADER + f"{code},,2024,50,10,3000,150\n,{firm.organisation.name},2023,40,8,2500,\n").encode()
    report = import_reports(filename="stats.csv", content=content, by=operator)
    assert report.ok and report.created == 2
    rows = {r.year: r for r in AnnualReport.objects.all()}
    assert rows[2024].revenue == Decimal("3000") and rows[2024].source == "imported" and rows[2024].status == "verified"
    assert rows[2023].rd_expenditure is None


def test_bad_rows_write_nothing(firm, operator):
    code = firm.organisation.credit_code
    content = (
        HEADER + f"{code},,2024,5,10,3000,150\n,不存在的公司,2024,1,1,1,1\n{code},,abc,1,1,1,1\n{code},,2023,1,0,-5,1\n"
    ).encode()
    report = import_reports(filename="stats.csv", content=content, by=operator)
    assert [(e.line, e.column) for e in report.errors] == [
        (2, "研发人员"),
        (3, "统一社会信用代码"),
        (4, "年度"),
        (5, "营业收入"),
    ]
    assert not AnnualReport.objects.exists()


def test_only_operators_and_page(client, firm, operator, firm_admin):
    with pytest.raises(PermissionDenied):
        import_reports(filename="a.csv", content=HEADER.encode(), by=firm_admin)
    client.force_login(operator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("a.csv", (HEADER + ",无此企业,2024,1,1,1,1\n").encode())
    response = client.post(reverse("enterprises:import_figures"), {"file": bad})
    assert response.status_code == 400 and "第 2 行" in response.content.decode()
    wrong_type = SimpleUploadedFile("a.txt", b"x")
    assert client.post(reverse("enterprises:import_figures"), {"file": wrong_type}).status_code == 302


def test_statistics_file_as_operators_have_it(firm, operator):
    """GB18030, a title row above the header, units in the headers and cells, and non-finite or
    fractional head counts refused: the platform's one import pipeline (core.tabular)."""
    code = firm.organisation.credit_code
    text = (
        "2024年度企业统计快报\n"
        "统一社会信用代码,年度,从业人员,研发人员,营业收入（万元）,净利润（万元）\n"
        f"{code},2024,50,10,500000元,-20\n"
        f"{code},2023,inf,1.5,1,1\n"
    )
    report = import_reports(filename="快报.csv", content=text.encode("gb18030"), by=operator)
    assert [(e.line, e.column) for e in report.errors] == [(4, "从业人员"), (4, "研发人员")]
    assert not AnnualReport.objects.exists()
    report = import_reports(
        filename="快报.csv", content="\n".join(text.splitlines()[:3]).encode("gb18030"), by=operator
    )
    assert report.ok and report.created == 1
    row = AnnualReport.objects.get()
    assert row.revenue == Decimal("50") and row.net_profit == Decimal("-20") and row.staff == 50
