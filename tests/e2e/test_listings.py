"""Listed trading in headless Chromium (issue 16): a listed patent package after its 公示 period,
an English auction with deposits; two enterprises bid, the operator closes the auction and the
result opens a deal with a draft contract at the winning price (then registered as in test_deals)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_listing_auction_winning_bid_deal_contract(page, make_user, make_org, operator):
    from listings.services import auction_create, deposit_record, listing_create
    from reference.models import Region

    institute = make_org(name="西安某材料研究院", kind="institute", prefecture=Region.objects.get(code="610100"))
    owner = make_user(name="周研究员", org=institute, email="zhou@inst.example.cn")
    a_org = make_org(name="咸阳甲电池公司", kind="enterprise", prefecture=Region.objects.get(code="610400"))
    b_org = make_org(name="咸阳乙材料公司", kind="enterprise", prefecture=Region.objects.get(code="610400"))
    a = make_user(name="甲采购", org=a_org, email="a@bat.example.cn")
    b = make_user(name="乙技术总监", org=b_org, email="b@mat.example.cn")
    operator.email = "ops2@qcy.example.cn"
    operator.save()
    today = timezone.localdate()
    listing = listing_create(
        by=owner, owner_org=institute, title="固态电解质制备专利包（演示）", offer="sale", price_model="auction",
        publicity_start=today - dt.timedelta(days=12), publicity_end=today - dt.timedelta(days=2),
    )  # fmt: skip
    now = timezone.now()
    auction = auction_create(
        listing=listing, by=operator, kind="english", starting_price=Decimal("100"), increment=Decimal("5"),
        deposit=Decimal("10"), starts_at=now - dt.timedelta(minutes=30), ends_at=now + dt.timedelta(minutes=10),
        extension_window=0,
    )  # fmt: skip
    for org in (a_org, b_org):
        deposit_record(auction=auction, by=operator, org=org, amount=Decimal("10"), paid_on=today)
    base = page.base_url

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

    # The operator closes it after the end: the winner is published and a deal opens.
    from listings.models import Auction

    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - dt.timedelta(seconds=1))
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(base + listing.get_absolute_url())
    page.click("#close-auction")
    page.wait_for_url("**/deals/*/")
    assert "拍卖已成交" in page.content() and "128" in page.content()
    auction.refresh_from_db()
    assert auction.deal.demand_org == b_org and auction.deal.contract.total_amount == Decimal("128.00")
    page.goto(base + listing.get_absolute_url())
    assert "咸阳乙材料公司" in page.inner_text("#bids") and "已成交" in page.inner_text("#listing-status")
