"""Technology finance in headless Chromium (issue 12's Done-when): an enterprise posts a financing
need, sees the eligible products with true reasons (and the excluded one with why), applies to one;
the bank approves with an amount and a rate from its queue; the enterprise is notified; the
monitoring financing indicator counts the loan. Screenshots at 1280 and 390 px in test-artifacts/."""

import datetime as dt
from decimal import Decimal

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


def test_need_products_apply_approve_notify_indicator(page, browser, make_user, make_org, make_record, operator):
    from catalog.models import FinancialProduct
    from enterprises.models import AnnualReport, Qualification
    from enterprises.services import profile_for
    from finance.models import ProductTerms

    year = timezone.localdate().year - 1
    firm = make_org(name="西咸氢能科技有限公司", new_city="fengxi")
    profile = profile_for(firm)
    AnnualReport.objects.create(
        profile=profile, year=year, revenue=Decimal("3200"), status="verified", source="verified"
    )
    Qualification.objects.create(
        profile=profile, kind="high_tech", issued_on=dt.date(year - 1, 1, 1), status="verified"
    )
    make_user(name="财务总监", org=firm, org_role="admin", email="cfo@h2.example.cn")
    bank = make_org(name="长安科创银行", kind="financial")
    make_user(name="客户经理", org=bank, email="manager@bank.example.cn")
    rd = make_record(
        FinancialProduct,
        owner_org=bank,
        title="科创研发贷",
        product_type="rd_loan",
        amount_min=Decimal("100"),
        amount_max=Decimal("1000"),
        term_min_months=12,
        term_max_months=36,
    )
    ProductTerms.objects.create(
        product=rd,
        need_types=["debt"],
        rules=[{"fact": "has_high_tech", "op": "is", "value": True}, {"fact": "revenue", "op": ">=", "value": 1000}],
    )
    strict = make_record(FinancialProduct, owner_org=bank, title="上市后备贷", product_type="other")
    ProductTerms.objects.create(
        product=strict, need_types=["debt"], rules=[{"fact": "revenue", "op": ">=", "value": 20000}]
    )
    operator.email = "ops@example.cn"
    operator.set_password("Secret-pass-1")
    operator.save()
    base = page.base_url

    # 1. The enterprise posts a financing need and shares it with the bank.
    login(page, "cfo@h2.example.cn")
    page.goto(base + "/financing/needs/new/")
    page.fill("input[name=amount]", "500")
    page.fill("input[name=term_months]", "36")
    page.select_option("select[name=need_type]", "debt")
    page.fill("textarea[name=purpose]", "燃料电池电堆中试线建设")
    page.get_by_label("长安科创银行").check()
    page.click("#need-form button[type=submit]")
    page.wait_for_selector("#eligible-products")
    # 2. Eligible products with true reasons; the excluded one says why.
    reasons = page.inner_text("#eligible-products")
    assert "科创研发贷" in reasons and "高新技术企业 ✓" in reasons and "营业收入 3,200 万元 ≥ 1,000 万元 ✓" in reasons
    assert "期限 36 个月（产品 12–36 个月）✓" in reasons and "共同关键词" not in reasons
    assert "营业收入 3,200 万元 ≥ 20,000 万元 ✗" in page.inner_text("#excluded-products")
    assert page.locator("text=发起对接").count() == 0
    screenshot(page, "finance-need-products")
    # 3. Apply to the research loan.
    page.click(f".product-fit[data-product='{rd.pk}'] button[type=submit]")
    page.wait_for_selector("#application-status")
    assert "已申请" in page.inner_text("#application-status")

    # 4. The bank approves from its queue with an amount and a rate.
    bank_page = _new_page(browser, base)
    login(bank_page, "manager@bank.example.cn")
    bank_page.goto(base + "/financing/queue/")
    assert "科创研发贷" in bank_page.inner_text("#matching-needs")  # the shared need meets its product
    screenshot(bank_page, "finance-queue")
    bank_page.click("#queue a")
    assert "3200" in bank_page.inner_text("#snapshot")
    bank_page.fill("#approve-form input[name=amount]", "450")
    bank_page.fill("#approve-form input[name=rate]", "3.85")
    bank_page.click("#approve-form button[type=submit]")
    bank_page.wait_for_selector("#approved-terms")
    assert "450" in bank_page.inner_text("#approved-terms")
    screenshot(bank_page, "finance-application-approved")

    # 5. The enterprise is notified.
    page.goto(base + "/notifications/")
    assert "融资申请已批准：科创研发贷" in page.content()

    # 6. The monitoring financing indicator counts it (after the refresh an operator starts).
    from monitoring.services import indicators_refresh

    indicators_refresh(trigger="manual")
    ops = _new_page(browser, base)
    login(ops, "ops@example.cn")
    ops.goto(base + "/monitoring/indicators/finance_amount/?period=year")
    assert "平台促成科技企业融资额" in ops.content() and "0.045" in ops.content()
    screenshot(ops, "finance-indicator")

    # 7. The need page on a phone.
    phone = _new_page(browser, base, 390, 844)
    login(phone, "cfo@h2.example.cn")
    phone.goto(base + "/financing/")
    phone.click("#my-needs a")
    phone.wait_for_selector("#eligible-products")
    screenshot(phone, "finance-need-phone")
