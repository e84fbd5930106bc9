"""A deal in headless Chromium: a university researcher opens a deal from an enterprise's demand,
the parties negotiate with a message, fill in and sign the contract (with the signed scan), an
operator registers it (认定登记), and the registered amount shows in the public statistics.
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
def test_deal_from_demand_to_registered_contract(
    page, phone_page, make_user, make_org, make_record, operator, scan_file
):
    from catalog.models import Demand
    from reference.models import Region

    company = make_org(
        name="沣西氢能装备有限公司", kind="enterprise", new_city="fengxi", prefecture=Region.objects.get(code="610400")
    )
    university = make_org(name="西安某理工大学", kind="university", prefecture=Region.objects.get(code="610100"))
    researcher = make_user(name="钱教授", org=university, email="qian@univ.example.cn")
    make_user(name="孙经理", org=company, email="sun@h2.example.cn")
    operator.email = "ops@qcy.example.cn"
    operator.save()
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

    # 5. Not registered yet: the public statistics show nothing.
    page.goto(base + "/deals/statistics/")
    assert page.inner_text("#stat-count") == "0"

    # 6. The researcher applies for registration; the registrar returns it for correction with a reason.
    page.goto(deal_url)
    page.select_option("#reg-action", "submit")
    page.click("#registration-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已申请待受理" in page.inner_text("#reg-status")
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(deal_url)
    page.select_option("#reg-action", "return")
    page.fill("#reg-reason", "标的技术内容摘要过简，请写明开发内容和技术指标")
    page.click("#registration-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "退回补正" in page.inner_text("#reg-status")

    # 7. The researcher sees the reason, corrects the summary and applies again.
    page.context.clear_cookies()
    login(page, researcher.email)
    page.goto(deal_url)
    assert "摘要过简" in page.inner_text("#registrar-note")
    page.goto(deal_url + "contract/")
    page.fill("textarea[name=subject_summary]", "金属双极板冲压成形工艺开发：回弹控制、良率不低于 95%（演示）")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/deals/*/#contract")
    page.select_option("#reg-action", "submit")
    page.click("#registration-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "deals-registration-resubmitted-desktop")

    # 8. The operator registers it from the registration queue.
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(base + "/deals/registration/")
    assert "金属双极板成形技术开发合同" in page.content()
    page.select_option("select[name=registry]", "西咸")
    page.click("button:has-text('登记')")
    page.wait_for_load_state("networkidle")
    assert f"西咸{dt.date.today().year}000001" in page.content()
    page.goto(deal_url)
    assert page.inner_text("#deal-stage") == "登记"

    # 9. Both measures are in the statistics (page and chart): 合同成交额 150, 技术交易额 120.
    page.goto(base + "/deals/statistics/?period=month")
    assert page.inner_text("#stat-count") == "1"
    assert page.inner_text("#stat-total") == "150.00"
    assert page.inner_text("#stat-tech") == "120.00"
    page.wait_for_selector("#chart-series canvas")
    screenshot(page, "deals-statistics-desktop")

    # 10. Phone width: the deal page and the statistics stay usable.
    login(phone_page, researcher.email)
    phone_page.goto(deal_url)
    assert phone_page.inner_text("#deal-stage") == "登记"
    screenshot(phone_page, "deals-detail-phone")
    phone_page.goto(base + "/deals/statistics/")
    screenshot(phone_page, "deals-statistics-phone")
