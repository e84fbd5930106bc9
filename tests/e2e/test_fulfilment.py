"""Browser walk of issue 11's Done-when: an operator writes a rule → the calculator shows one firm
eligible with its reasons and another not eligible with the failing condition → a 免申即享 list is
approved by a second operator → the firm is notified → the ledger and the 80 % indicator move."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world(transactional_db, make_org, make_user, make_record):
    from catalog.models import Policy, PolicyClause
    from enterprises.models import AnnualReport, Qualification
    from enterprises.services import profile_for

    operator = make_user(name="运营甲", roles=["operator"], email="op1@example.cn")
    make_user(name="运营乙", roles=["operator"], email="op2@example.cn")
    policy = make_record(Policy, title="研发投入奖补办法（测试）")
    clause = PolicyClause.objects.create(
        policy=policy,
        order=1,
        title="研发投入奖补",
        benefit="对高新技术企业研发投入给予奖补。",
        subject_kind="enterprise",
    )
    firms = {}
    for key, name, rd, high_tech in (("yes", "陕西甲科技有限公司", 300, True), ("no", "陕西乙科技有限公司", 50, True)):
        org = make_org(name=name)
        profile = profile_for(org)
        AnnualReport.objects.create(
            profile=profile, year=2025, revenue=Decimal(5000), rd_expenditure=Decimal(rd), status="verified",
            source="verified", reviewed_by=operator,
        )  # fmt: skip
        if high_tech:
            Qualification.objects.create(
                profile=profile, kind="high_tech", issued_on=dt.date(2024, 1, 1), expires_on=dt.date(2027, 1, 1),
                status="verified", reviewed_by=operator,
            )  # fmt: skip
        firms[key] = org
    make_user(name="甲企业管理员", org=firms["yes"], org_role="admin", email="boss@example.cn")
    make_user(name="乙企业管理员", org=firms["no"], org_role="admin", email="other@example.cn")
    return clause, firms


def test_rule_calculator_auto_grant_two_operators_ledger(page, phone_page, world):
    clause, firms = world
    login(page, "op1@example.cn")
    page.goto(f"{page.base_url}/fulfilment/clauses/{clause.pk}/edit/")
    page.select_option("select[name=t-benefit_type]", "subsidy")
    page.fill("input[name=t-share]", "10")
    page.select_option("select[name=t-base_fact]", "rd_expenditure")
    page.fill("input[name=t-cap]", "50")
    page.select_option("select[name=t-mode]", "auto")
    page.fill("input[name=t-department]", "科技创新局")
    page.select_option("select[name=t-funding]", "new_area")
    page.select_option("select[name=c-0-fact]", "has_high_tech")
    page.fill("input[name=c-0-value]", "是")
    page.select_option("select[name=c-1-fact]", "rd_ratio")
    page.select_option("select[name=c-1-op]", ">=")
    page.fill("input[name=c-1-value]", "3")
    page.fill("input[name=r-note]", "首版规则")
    screenshot(page, "fulfilment-rule-edit")
    page.click("#save-rule")
    page.wait_for_load_state("networkidle")
    assert page.locator("#rule-lines").get_by_text("研发费用占营业收入比例 ≥ 3 %").is_visible()

    # The calculator, seen by the operator for each firm: reasons for yes and for no.
    page.goto(f"{page.base_url}/fulfilment/calculator/{firms['yes'].pk}/?year=2025")
    yes = page.locator(f".answer[data-clause='{clause.pk}']").first
    assert yes.get_attribute("data-verdict") == "qualifies"
    assert yes.get_by_text("研发费用占营业收入比例 ≥ 3 %，实际 6 %").is_visible()
    assert page.locator("#total").inner_text() == "30.00"
    screenshot(page, "fulfilment-calculator-yes")
    page.goto(f"{page.base_url}/fulfilment/calculator/{firms['no'].pk}/?year=2025")
    no = page.locator(f".answer[data-clause='{clause.pk}']").first
    assert no.get_attribute("data-verdict") == "almost"
    failing = no.locator("li[data-status=not_met]")
    assert "研发费用占营业收入比例 ≥ 3 %，实际 1 %" in failing.inner_text()

    # 免申即享: operator 1 proposes, cannot approve; operator 2 approves.
    page.goto(f"{page.base_url}/fulfilment/clauses/{clause.pk}/?year=2025")
    page.click("#run-auto")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("陕西甲科技有限公司").is_visible()
    assert page.get_by_text("陕西乙科技有限公司").count() == 0
    assert page.locator("#approve").count() == 0  # the proposer sees no approve button
    run_url = page.url
    page.context.clear_cookies()
    login(page, "op2@example.cn")
    page.goto(run_url)
    screenshot(page, "fulfilment-run")
    page.click("#approve")
    page.wait_for_load_state("networkidle")
    assert page.locator("#run-status").inner_text() == "已批准"
    page.goto(page.base_url + "/fulfilment/grants/")
    assert page.locator("#ledger").get_by_text("陕西甲科技有限公司").is_visible()
    assert page.locator("#instant-share").inner_text() == "100.0%"
    screenshot(page, "fulfilment-ledger")
    page.context.clear_cookies()

    # The firm is notified and sees its own grant; the other firm sees none.
    login(page, "boss@example.cn")
    page.goto(page.base_url + "/notifications/")
    assert page.get_by_text("政策兑现：研发投入奖补").first.is_visible()
    page.goto(page.base_url + "/fulfilment/grants/")
    assert page.locator("#ledger").get_by_text("30.00").is_visible()
    login(phone_page, "boss@example.cn")
    phone_page.goto(f"{phone_page.base_url}/fulfilment/calculator/")
    assert phone_page.get_by_text("已兑现").first.is_visible()
    screenshot(phone_page, "fulfilment-calculator-phone")
    page.context.clear_cookies()
    login(page, "other@example.cn")
    page.goto(page.base_url + "/fulfilment/grants/")
    assert page.locator("#ledger").get_by_text("陕西甲科技有限公司").count() == 0
    page.goto(f"{page.base_url}/fulfilment/calculator/{firms['yes'].pk}/")
    assert "研发费用" not in page.content()

    from monitoring.metrics import get_metric

    assert get_metric("fulfilment_instant_share").compute(None, None) == Decimal("100.0")
