"""Issue 16 in headless Chromium: an operator downloads the monthly statistics report from the
statistics page (PDF and XLSX); an operator runs a year's 先投后股 pilots: the fund, a selected firm,
the money invested, the conversion into equity; a leader reads the page. Screenshots at 1280 and
390 px in test-artifacts/."""

import io
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _new_page(browser, base_url, width=1280, height=900):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = base_url
    return page


def test_operator_downloads_the_monthly_report(page, browser, make_user):
    from openpyxl import load_workbook

    make_user(name="运营人员", roles=["operator"], email="ops@report.example.cn")
    base = page.base_url
    login(page, "ops@report.example.cn")
    page.goto(base + "/deals/statistics/")
    page.wait_for_selector("#monthly-report")
    screenshot(page, "deals-statistics-monthly-report")
    with page.expect_download() as download:
        page.click("#monthly-report button[value=xlsx]")
    path = download.value.path()
    assert download.value.suggested_filename.startswith("tech-contracts-monthly-")
    book = load_workbook(io.BytesIO(Path(path).read_bytes()))
    assert book.sheetnames == ["月度统计", "规划目标", "口径"]
    with page.expect_download() as download:
        page.click("#monthly-report button[value=pdf]")
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
    phone = _new_page(browser, base, 390, 844)
    login(phone, "ops@report.example.cn")
    phone.goto(base + "/deals/statistics/")
    phone.wait_for_selector("#monthly-report")
    screenshot(phone, "deals-statistics-monthly-report-phone")


def test_operator_runs_invest_first_pilots(page, browser, make_user, make_org):
    year = timezone.localdate().year
    firm = make_org(name="沣东氢能装备有限公司", kind="enterprise")
    make_user(name="企业管理员", org=firm, org_role="admin", email="admin@h2.example.cn")
    make_user(name="运营人员", roles=["operator"], email="ops@pilot.example.cn")
    make_user(name="领导", roles=["leader"], email="leader@pilot.example.cn")
    base = page.base_url
    login(page, "ops@pilot.example.cn")
    page.goto(base + "/financing/invest-first/")
    page.fill("#p-budget", "1000")
    page.click("#programme-form button[type=submit]")
    page.wait_for_selector(f"#programme-{year}")
    page.fill(f"#select-{year} input[name=organisation]", "沣东氢能装备有限公司")
    page.fill(f"#select-{year} input[name=project]", "氢燃料电池双极板中试")
    page.click(f"#select-{year} button[type=submit]")
    page.wait_for_selector("text=沣东氢能装备有限公司 已入选。")
    page.fill("input[name=amount]", "300")
    page.click("form:has(input[value=invest]) button[type=submit]")
    page.wait_for_selector("text=已记录投入。")
    page.fill("input[name=equity_percent]", "5")
    page.fill("input[name=valuation]", "6000")
    page.click("form:has(input[value=convert]) button[type=submit]")
    page.wait_for_selector("text=已记录投转股。")
    assert "持股 5.00%" in page.content()
    screenshot(page, "finance-invest-first")
    # The firm hears about it in its notification centre.
    firm_page = _new_page(browser, base)
    login(firm_page, "admin@h2.example.cn")
    firm_page.goto(base + "/notifications/")
    assert "先投后股已转股" in firm_page.content()
    assert firm_page.goto(base + "/financing/invest-first/").status == 403
    # A leader reads it on a phone, without the forms.
    phone = _new_page(browser, base, 390, 844)
    login(phone, "leader@pilot.example.cn")
    phone.goto(base + "/financing/invest-first/")
    assert "氢燃料电池双极板中试" in phone.content() and "programme-form" not in phone.content()
    screenshot(phone, "finance-invest-first-phone")
