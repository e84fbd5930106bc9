"""Enterprise fills its profile and figures → an operator verifies → the portrait shows them."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def people(transactional_db, make_org, make_user):
    from enterprises.models import AnnualReport
    from enterprises.services import profile_for

    org = make_org(name="陕西示例氢能科技有限公司")
    profile = profile_for(org)
    operator = make_user(name="运营", roles=["operator"], email="op@example.cn")
    admin = make_user(name="企业管理员", org=org, org_role="admin", email="boss@example.cn")
    AnnualReport.objects.create(
        profile=profile,
        year=2024,
        revenue=Decimal(1800),
        rd_expenditure=Decimal(90),
        net_profit=Decimal(60),
        status="verified",
        source="verified",
        reviewed_by=operator,
    )
    return org, operator, admin


def test_enterprise_to_operator_to_portrait(page, phone_page, people):
    org, operator, admin = people
    login(page, "boss@example.cn")
    page.goto(f"{page.base_url}/enterprises/{org.pk}/edit/")
    form = page.locator("#form-report")
    form.locator("input[name=r-year]").fill("2025")
    form.locator("input[name=r-staff]").fill("80")
    form.locator("input[name=r-rd_staff]").fill("20")
    form.locator("input[name=r-revenue]").fill("2600")
    form.locator("input[name=r-rd_expenditure]").fill("210")
    form.locator("input[name=r-net_profit]").fill("150")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("已保存，等待平台运营人员核验").is_visible()
    q = page.locator("#form-qualification")
    q.locator("select[name=q-kind]").select_option("high_tech")
    q.locator("input[name=q-number]").fill("GR202561000001")
    q.locator("input[name=q-issued_on]").fill(dt.date(2025, 3, 1).isoformat())
    q.locator("button").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "enterprise-edit")
    page.context.clear_cookies()

    login(page, "op@example.cn")
    page.goto(page.base_url + "/enterprises/queue/")
    assert page.get_by_text("2600.00").is_visible()
    screenshot(page, "enterprise-queue")
    for _ in range(2):
        page.locator("button[name=approve][value='1']").first.click()
        page.wait_for_load_state("networkidle")
    assert page.get_by_text("暂无").count() >= 2

    page.goto(f"{page.base_url}/enterprises/{org.pk}/")
    assert page.get_by_text("GR202561000001").is_visible()
    page.wait_for_selector("#chart-figures canvas")
    assert page.get_by_text("运营核验 · 已核验").count() >= 2  # 2024 and 2025
    screenshot(page, "enterprise-portrait")
    page.context.clear_cookies()

    login(phone_page, "boss@example.cn")
    phone_page.goto(f"{phone_page.base_url}/enterprises/{org.pk}/")
    phone_page.wait_for_selector("#chart-figures canvas")
    screenshot(phone_page, "enterprise-portrait-390")
