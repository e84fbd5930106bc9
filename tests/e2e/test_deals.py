"""A deal in headless Chromium: a university researcher opens a deal from an enterprise's demand
(its confidential details open only once the enterprise accepts), the parties negotiate with a
message, fill in and sign the contract (with the signed scan). From signing on — the registrar's
return for correction, registration and both indicators — the walk is tests/e2e/test_listings.py.
Screenshots at desktop and phone widths go to test-artifacts/."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.e2e.conftest import login, screenshot


@pytest.fixture
def scan_file(tmp_path):
    path = tmp_path / "signed-contract.pdf"
    path.write_bytes(b"%PDF-1.4\n% signed technology contract scan for the e2e test\n")
    return path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deal_from_demand_to_signed_contract(page, phone_page, make_user, make_org, make_record, scan_file):
    from catalog.models import Demand
    from reference.models import Region

    company = make_org(
        name="沣西氢能装备有限公司", kind="enterprise", new_city="fengxi", prefecture=Region.objects.get(code="610400")
    )
    university = make_org(name="西安某理工大学", kind="university", prefecture=Region.objects.get(code="610100"))
    researcher = make_user(name="钱教授", org=university, email="qian@univ.example.cn")
    make_user(name="孙经理", org=company, email="sun@h2.example.cn")
    demand = make_record(
        Demand,
        owner_org=company,
        title="燃料电池金属双极板批量成形",
        problem="双极板冲压回弹大、良率低",
        budget_min=Decimal("80"),
        budget_max=Decimal("150"),
        confidential_details="目标单片成本低于 60 元",
    )
    base = page.base_url

    # 1. The researcher cannot see the demand's confidential details yet, and opens a deal from it.
    login(page, researcher.email)
    page.goto(base + demand.get_absolute_url())
    assert "目标单片成本" not in page.content()
    page.click("#deals-panel >> text=发起对接")
    page.wait_for_url("**/deals/open/**")
    assert page.input_value("input[name=title]") == demand.title
    assert page.input_value("select[name=demand_org]") == str(company.pk)
    page.select_option("select[name=supply_org]", str(university.pk))
    page.fill("textarea[name=note]", "我们有成熟的金属双极板成形工艺，可先做样件。")
    screenshot(page, "deals-open-desktop")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/deals/*/")
    deal_url = page.url

    # 2. Opening is only knocking: the confidential details stay closed, and the researcher cannot
    #    accept the deal on the company's behalf.
    page.goto(base + demand.get_absolute_url())
    assert "目标单片成本" not in page.content()
    page.goto(deal_url)
    assert page.locator("button:has-text('进入洽谈')").count() == 0

    # 3. The company accepts (进入洽谈); now a party, the researcher sees the details and negotiates.
    page.context.clear_cookies()
    login(page, "sun@h2.example.cn")
    page.goto(deal_url)
    page.click("button:has-text('进入洽谈')")
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    login(page, researcher.email)
    page.goto(base + demand.get_absolute_url())
    assert "目标单片成本" in page.content()
    page.goto(deal_url)
    page.fill("textarea[name=body]", "样件报价 12 万元，两个月交付。")
    page.click("#messages button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "样件报价 12 万元" in page.content()

    # 4. The contract: type, amounts, instalments, signing date and the signed scan; then sign.
    page.click("text=填写合同")
    page.fill("input[name=title]", "金属双极板成形技术开发合同")
    page.select_option("select[name=contract_type]", "development")
    page.fill("input[name=total_amount]", "150")
    page.fill("input[name=tech_amount]", "120")
    page.select_option("select[name=payment_mode]", "instalments")
    page.fill("textarea[name=instalment_plan]", "签约后 30%\n样件验收后 70%")
    page.fill("input[name=signed_on]", dt.date.today().isoformat())
    page.set_input_files("input[name=signed_scan]", str(scan_file))
    # The registration form's fields (issue 16).
    page.select_option("select[name=tech_field]", "03")
    page.select_option("select[name=subtype]", "commissioned_dev")
    page.select_option("select[name=ip_type]", "invention")
    page.fill("input[name=valid_from]", dt.date.today().isoformat())
    page.fill("input[name=valid_until]", (dt.date.today() + dt.timedelta(days=730)).isoformat())
    page.fill("textarea[name=subject_summary]", "双极板")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/deals/*/#contract")
    assert "合同已保存" in page.content()
    page.click("button:has-text('确认签约')")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#deal-stage") == "签约"
    screenshot(page, "deals-detail-signed-desktop")

    # 5. Registration, its return for correction and both indicators are walked from a listed sale in
    #    tests/e2e/test_listings.py (one walk from listing to the indicators, issue 16).

    # 6. Phone width: the deal page stays usable.
    login(phone_page, researcher.email)
    phone_page.goto(deal_url)
    assert phone_page.inner_text("#deal-stage") == "签约"
    screenshot(phone_page, "deals-detail-phone")
