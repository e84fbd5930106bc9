"""The listings demo loader: three listings in 公示, one running English auction with bids, one
closed auction turned into a deal with a draft contract (never registered); idempotent."""

import io

import pytest

pytestmark = pytest.mark.django_db


def test_demo_listings(make_org, make_user, make_record, operator):
    from catalog.models import Achievement
    from listings.demo import load
    from listings.models import Auction, Listing
    from listings.services import listing_status

    team = make_org(name="示例高校科研团队（演示）", kind="university")
    enterprise = make_org(name="秦创原示例科技有限公司（演示）")
    for i in range(5):
        make_record(Achievement, owner_org=team, title=f"演示成果{i}")
    context = {
        "operator": operator,
        "demo_team": team,
        "demo_enterprise": enterprise,
        "researcher": make_user(name="科研人员", org=team),
        "enterprise_user": make_user(name="企业用户", org=enterprise),
        "logins": [],
    }
    load(context, io.StringIO())
    load(context, io.StringIO())  # idempotent
    assert Listing.objects.count() == 5
    assert sorted(listing_status(item) for item in Listing.objects.all()) == [
        "closed", "open", "publicity", "publicity", "publicity",
    ]  # fmt: skip
    running = Auction.objects.get(status="scheduled", listing__title__contains="进行中")
    assert running.bids.count() == 2
    closed = Auction.objects.get(status="closed")
    assert closed.winning_bid.org == enterprise and closed.deal.stage == "negotiation"
    assert closed.deal.contract.total_amount == closed.winning_bid.amount
    assert closed.deal.contract.registration_number is None
