"""Listed trading to both indicators in headless Chromium (issue 16), one walk:

an institute lists a patented achievement from its page (English auction, deposit, 公示) → two
enterprises register interest → the operator records their deposits → (公示 over) they bid, the
second outbids → the operator closes the auction: the winning bid opens a deal with a draft contract
→ the owner completes and signs the contract → applies for registration → the registrar returns it
for correction with a reason → the owner corrects it and applies again → the registrar registers it
→ the statistics page and both indicators (合同成交额 and 技术交易额) show the new contract.

Time is the one thing a browser cannot wait for: where the walk needs days to pass (the end of 公示,
the auction's deadline) the test moves the dates in the database, and says so.
Screenshots at 1280 and 390 px go to test-artifacts/."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.e2e.conftest import login, screenshot


@pytest.fixture
def scan_file(tmp_path):
    path = tmp_path / "signed-contract.pdf"
    path.write_bytes(b"%PDF-1.4\n% signed technology contract scan for the e2e test\n")
    return path


def _plan_indicators():
    """The indicators come from data migrations; a transactional test may start without them."""
    import importlib

    from django.apps import apps

    from monitoring.models import Indicator

    if not Indicator.objects.filter(metric_code="tech_trade_amount").exists():
        for name in ("0002_plan_indicators_and_targets", "0005_tech_trade_amount_and_new_brokers"):
            importlib.import_module(f"monitoring.migrations.{name}").load(apps, None)


def _submit(page, selector="main form#listing-form button[type=submit]"):
    page.click(selector)
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_listing_auction_deal_registration_both_indicators(
    page, phone_page, make_user, make_org, make_record, operator, scan_file
):
    from catalog.models import Achievement
    from listings.models import Auction, Listing
    from reference.models import Region

    _plan_indicators()
    institute = make_org(name="西安某材料研究院", kind="institute", prefecture=Region.objects.get(code="610100"))
    owner = make_user(name="周研究员", org=institute, email="zhou@inst.example.cn")
    a_org = make_org(name="咸阳甲电池公司", kind="enterprise", prefecture=Region.objects.get(code="610400"))
    b_org = make_org(
        name="沣西乙材料公司", kind="enterprise", new_city="fengxi", prefecture=Region.objects.get(code="610400")
    )
    a = make_user(name="甲采购", org=a_org, email="a@bat.example.cn")
    b = make_user(name="乙技术总监", org=b_org, email="b@mat.example.cn")
    operator.email = "ops@qcy.example.cn"
    operator.save()
    record = make_record(
        Achievement, owner_org=institute, title="固态电解质低温制备工艺", patent_numbers="ZL202310000000.1"
    )
    base = page.base_url
    today = timezone.localdate()

    # 1. The owner lists the achievement from its page: English auction, 10 万元 deposit, 7 days of 公示.
    login(page, owner.email)
    page.goto(base + record.get_absolute_url())
    page.click("#listings-panel >> text=挂牌转让或许可")
    page.wait_for_url("**/listings/new/**")
    assert page.input_value("input[name=title]") == record.title
    page.select_option("select[name=offer]", "sale")
    page.check("input[name=pricing][value=english]")
    assert page.is_hidden("input[name=asking_price]") and page.is_visible("input[name=starting_price]")
    page.fill("input[name=patent_numbers]", "ZL202310000000.1")
    page.fill("input[name=publicity_start]", today.isoformat())
    page.fill("input[name=publicity_end]", (today + dt.timedelta(days=7)).isoformat())
    page.fill("input[name=starting_price]", "100")
    page.fill("input[name=increment]", "5")
    page.fill("input[name=deposit]", "10")
    start = today + dt.timedelta(days=8)
    page.fill("input[name=starts_at]", f"{start.isoformat()}T09:00")
    page.fill("input[name=ends_at]", f"{start.isoformat()}T17:00")
    screenshot(page, "listings-form-desktop")
    _submit(page)
    page.wait_for_url("**/listings/*/")
    listing = Listing.objects.get(achievement=record)
    assert "公示中" in page.inner_text("#listing-status") and "增价拍卖" in page.inner_text("#auction")

    # 2. Both enterprises register their interest during 公示.
    for user in (a, b):
        page.context.clear_cookies()
        login(page, user.email)
        page.goto(base + listing.get_absolute_url())
        page.click("button:has-text('登记意向')")
        page.wait_for_load_state("networkidle")
        assert page.is_visible("#my-interest")

    # 3. The operator records their deposits.
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(base + listing.get_absolute_url())
    for org in (a_org, b_org):
        page.select_option("#deposit-form select[name=org]", str(org.pk))
        page.fill("#deposit-form input[name=amount]", "10")
        page.fill("#deposit-form input[name=paid_on]", today.isoformat())
        page.click("#deposit-form button")
        page.wait_for_load_state("networkidle")
    assert "咸阳甲电池公司" in page.inner_text("#deposits") and "沣西乙材料公司" in page.inner_text("#deposits")
    screenshot(page, "listings-detail-operator-desktop")

    # 4. Time passes (in the database): 公示 is over and the auction is open for ten more minutes.
    Listing.objects.filter(pk=listing.pk).update(
        publicity_start=today - dt.timedelta(days=9), publicity_end=today - dt.timedelta(days=2)
    )
    now = timezone.now()
    Auction.objects.filter(listing=listing).update(
        starts_at=now - dt.timedelta(minutes=30), ends_at=now + dt.timedelta(minutes=10), extension_window=0
    )

    # 5. The bidders bid; the second outbids the first.
    page.context.clear_cookies()
    login(page, a.email)
    page.goto(base + listing.get_absolute_url())
    page.fill("#bid-form input[name=amount]", "100")
    page.click("#bid-form button")
    page.wait_for_load_state("networkidle")
    assert "100.00" in page.inner_text("#current-price")
    page.context.clear_cookies()
    login(page, b.email)
    page.goto(base + listing.get_absolute_url())
    assert page.get_attribute("#bid-form input[name=amount]", "min") == "105.00"  # price + increment
    page.fill("#bid-form input[name=amount]", "128")
    page.click("#bid-form button")
    page.wait_for_load_state("networkidle")
    assert "128.00" in page.inner_text("#current-price")
    screenshot(page, "listings-auction-desktop")
    login(phone_page, b.email)
    phone_page.goto(base + listing.get_absolute_url())
    screenshot(phone_page, "listings-auction-phone")

    # 6. After the deadline the operator closes it: the winning bid opens a deal with a draft contract.
    Auction.objects.filter(listing=listing).update(ends_at=timezone.now() - dt.timedelta(seconds=1))
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(base + listing.get_absolute_url())
    page.click("#close-auction")
    page.wait_for_url("**/deals/*/")
    deal_url = page.url
    assert "拍卖已成交" in page.content() and page.inner_text("#deal-stage") == "洽谈"
    page.goto(base + listing.get_absolute_url())
    assert "沣西乙材料公司" in page.inner_text("#bids") and "已成交" in page.inner_text("#listing-status")

    # 7. The owner completes the contract (the technology part is 110 of the 128 万元) and signs it.
    page.context.clear_cookies()
    login(page, owner.email)
    page.goto(base + listing.get_absolute_url())
    page.click("#deal-link")
    page.wait_for_url(deal_url)
    page.goto(deal_url + "contract/")
    assert page.input_value("input[name=total_amount]") == "128.00"
    page.fill("input[name=tech_amount]", "110")
    page.fill("input[name=signed_on]", today.isoformat())
    page.set_input_files("input[name=signed_scan]", str(scan_file))
    page.select_option("select[name=tech_field]", "05")
    page.select_option("select[name=subtype]", "patent_transfer")
    page.select_option("select[name=ip_type]", "invention")
    page.fill("input[name=valid_from]", today.isoformat())
    page.fill("input[name=valid_until]", (today + dt.timedelta(days=730)).isoformat())
    page.fill("textarea[name=subject_summary]", "专利")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/deals/*/#contract")
    page.click("button:has-text('确认签约')")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#deal-stage") == "签约"

    # 8. The owner applies; the registrar returns it for correction with a reason.
    page.select_option("#reg-action", "submit")
    page.click("#registration-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已申请待受理" in page.inner_text("#reg-status")
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(deal_url)
    page.select_option("#reg-action", "return")
    page.fill("#reg-reason", "标的技术内容摘要过简，请写明专利号和制备工艺要点")
    page.click("#registration-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "退回补正" in page.inner_text("#reg-status")

    # 9. The owner reads the reason, corrects the summary and applies again.
    page.context.clear_cookies()
    login(page, owner.email)
    page.goto(deal_url)
    assert "摘要过简" in page.inner_text("#registrar-note")
    page.goto(deal_url + "contract/")
    page.fill("textarea[name=subject_summary]", "ZL202310000000.1 固态电解质低温制备：烧结温度降至 600 ℃（演示）")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/deals/*/#contract")
    page.select_option("#reg-action", "submit")
    page.click("#registration-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已申请待受理" in page.inner_text("#reg-status")

    # 10. Not registered yet: the statistics show nothing. Then the registrar registers it from the queue.
    page.goto(base + "/deals/statistics/")
    assert page.inner_text("#stat-count") == "0"
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(base + "/deals/registration/")
    page.select_option("select[name=registry]", "西咸")
    page.click("button:has-text('登记')")
    page.wait_for_load_state("networkidle")
    assert f"西咸{today.year}000001" in page.content()
    page.goto(deal_url)
    assert page.inner_text("#deal-stage") == "登记"

    # 11. Both measures: the statistics page (合同成交额 128, 技术交易额 110) ...
    page.goto(base + "/deals/statistics/?period=month")
    assert page.inner_text("#stat-count") == "1"
    assert page.inner_text("#stat-total") == "128.00"
    assert page.inner_text("#stat-tech") == "110.00"
    page.wait_for_selector("#chart-series canvas")
    screenshot(page, "deals-statistics-desktop")
    # ... and both monitoring indicators, in 亿元, after the nightly refresh (run here directly: the
    # dashboard's button runs the same job, which takes longer than a page wait on a busy machine).
    from monitoring.services import indicators_refresh

    indicators_refresh(trigger="manual")
    page.goto(base + "/monitoring/indicators/tech_contract_turnover/?period=month")
    assert "0.0128" in page.inner_text("main dl")
    page.goto(base + "/monitoring/indicators/tech_trade_amount/?period=month")
    assert "0.011" in page.inner_text("main dl")
    screenshot(page, "monitoring-tech-trade-amount-desktop")
    phone_page.goto(base + "/deals/statistics/")
    screenshot(phone_page, "deals-statistics-phone")
    assert Decimal(Listing.objects.get(pk=listing.pk).auction.winning_bid.amount) == Decimal("128")
