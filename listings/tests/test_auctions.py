import contextlib
import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from core.testing import run_in_parallel
from listings.models import Auction, Bid, Listing
from listings.services import (
    auction_close,
    auction_create,
    bid_place,
    interest_express,
    listing_create,
    listing_status,
)

pytestmark = pytest.mark.django_db


def test_listing_publicity_and_interest(owner, owner_org, bidders, make_user):
    today = timezone.localdate()
    with pytest.raises(ValidationError):  # publicity shorter than 5 days
        listing_create(
            by=owner,
            owner_org=owner_org,
            title="x",
            offer="licence",
            price_model="negotiable",
            publicity_start=today,
            publicity_end=today + dt.timedelta(days=2),
        )
    with pytest.raises(PermissionDenied):
        listing_create(
            by=make_user(),
            owner_org=owner_org,
            title="冒名挂牌",
            offer="sale",
            price_model="negotiable",
            publicity_start=today,
            publicity_end=today + dt.timedelta(days=7),
        )
    listing = listing_create(
        by=owner,
        owner_org=owner_org,
        title="许可",
        offer="licence",
        price_model="asking",
        asking_price="30",
        publicity_start=today,
        publicity_end=today + dt.timedelta(days=9),
    )
    assert listing_status(listing) == "publicity"
    assert listing_status(listing, today + dt.timedelta(days=10)) == "open"
    org, user = bidders[0]
    interest_express(listing=listing, by=user, org=org, note="有意许可")
    with pytest.raises(ValidationError):
        interest_express(listing=listing, by=owner, org=owner_org)
    assert listing.interests.count() == 1


def test_no_auction_during_publicity(owner, owner_org, operator):
    today = timezone.localdate()
    listing = listing_create(
        by=owner,
        owner_org=owner_org,
        title="竞价",
        offer="sale",
        price_model="auction",
        publicity_start=today,
        publicity_end=today + dt.timedelta(days=6),
    )
    now = timezone.now()
    with pytest.raises(ValidationError):
        auction_create(
            listing=listing,
            by=operator,
            kind="english",
            starting_price=10,
            starts_at=now,
            ends_at=now + dt.timedelta(hours=1),
        )


def test_english_auction_rules_and_anti_sniping(auction, bidders, owner, owner_org, make_org, make_user):
    (a_org, a), (b_org, b), _c = bidders
    with pytest.raises(ValidationError):
        bid_place(auction=auction, by=a, org=a_org, amount="99")  # below the starting price
    bid_place(auction=auction, by=a, org=a_org, amount="100")
    with pytest.raises(ValidationError):
        bid_place(auction=auction, by=b, org=b_org, amount="103")  # below price + increment
    with pytest.raises(ValidationError):
        bid_place(auction=auction, by=owner, org=owner_org, amount="200")  # the owner cannot bid
    stranger_org = make_org(name="未缴保证金企业")
    with pytest.raises(ValidationError):
        bid_place(auction=auction, by=make_user(org=stranger_org), org=stranger_org, amount="200")  # no deposit
    ends = auction.ends_at
    late = ends - dt.timedelta(minutes=2)
    bid_place(auction=auction, by=b, org=b_org, amount="105", now=late)
    auction.refresh_from_db()
    assert auction.ends_at == late + dt.timedelta(minutes=5) > ends  # extended
    with pytest.raises(ValidationError):
        bid_place(auction=auction, by=a, org=a_org, amount="200", now=auction.ends_at)  # at the close: refused


def test_close_publishes_result_and_opens_deal_with_contract(auction, bidders, operator):
    (a_org, a), (b_org, b), _c = bidders
    bid_place(auction=auction, by=a, org=a_org, amount="100")
    bid_place(auction=auction, by=b, org=b_org, amount="110")
    with pytest.raises(ValidationError):
        auction_close(auction=auction, by=operator)  # before the end
    with pytest.raises(PermissionDenied):
        auction_close(auction=auction, by=a, now=auction.ends_at)
    closed = auction_close(auction=auction, by=operator, now=auction.ends_at + dt.timedelta(seconds=1))
    assert closed.status == "closed" and closed.winning_bid.org == b_org
    deal = closed.deal
    assert deal.supply_org == auction.listing.owner_org and deal.demand_org == b_org and deal.stage == "negotiation"
    assert deal.contract.total_amount == Decimal("110.00") and deal.contract.contract_type == "transfer"
    assert Listing.objects.get(pk=auction.listing_id).status == "closed"
    assert closed.deposits.get(org=a_org).refunded_on is not None and closed.deposits.get(org=b_org).refunded_on is None


def test_sealed_bids_hidden_until_close(listing, operator, bidders, client):
    now = timezone.now()
    auction = auction_create(
        listing=listing,
        by=operator,
        kind="sealed",
        starting_price=50,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    (a_org, a), (b_org, b), _c = bidders
    bid_place(auction=auction, by=a, org=a_org, amount="80")
    bid_place(auction=auction, by=b, org=b_org, amount="60")  # a sealed bid may be lower than another
    with pytest.raises(ValidationError):
        bid_place(auction=auction, by=a, org=a_org, amount="90")  # one bid each
    client.force_login(b)
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "80.00" not in page and "60.00" in page  # own bid only
    client.logout()
    assert "80.00" not in client.get(listing.get_absolute_url()).content.decode()
    auction_close(auction=auction, by=operator, now=auction.ends_at)
    assert Bid.objects.get(is_winning=True).org == a_org
    assert "80.00" in client.get(listing.get_absolute_url()).content.decode()


def test_reserve_not_reached_fails(listing, operator, bidders):
    now = timezone.now()
    auction = auction_create(
        listing=listing,
        by=operator,
        kind="english",
        starting_price=50,
        reserve_price=200,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    org, user = bidders[0]
    bid_place(auction=auction, by=user, org=org, amount="60")
    assert auction_close(auction=auction, by=operator, now=auction.ends_at).status == "failed"
    assert not Bid.objects.filter(is_winning=True).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL")
def test_parallel_bids_one_winner_and_none_after_close(auction, bidders, operator):
    """8 threads bid at once, each trying the same next price over and over; then bids race the close."""
    from listings.services import minimum_bid

    def bidder(i):
        org, user = bidders[i % 3]
        accepted = 0
        for _ in range(6):
            current = Auction.objects.get(pk=auction.pk)
            with contextlib.suppress(ValidationError):  # someone else took this price first
                bid_place(auction=current, by=user, org=org, amount=minimum_bid(current))
                accepted += 1
        return accepted

    accepted, errors = run_in_parallel(8, bidder)
    assert errors == []
    amounts = list(Bid.objects.filter(auction=auction).order_by("id").values_list("amount", flat=True))
    # Every accepted bid beat the one before it by at least the increment: no two bids at one price.
    assert all(b - a >= Decimal("5") for a, b in zip(amounts, amounts[1:], strict=False))
    assert len(set(amounts)) == len(amounts) == sum(accepted)

    # Close while bidders keep trying: nothing is accepted after the close.
    # (No anti-sniping extension for this part, or the racers would keep extending the end.)
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() + dt.timedelta(seconds=1), extension_window=0)
    stop, closed = threading.Event(), []

    def late_bidder(i):
        org, user = bidders[i % 3]
        while not stop.is_set():
            current = Auction.objects.get(pk=auction.pk)
            with contextlib.suppress(ValidationError):
                bid_place(auction=current, by=user, org=org, amount=minimum_bid(current) + i)

    def close_meanwhile():
        try:
            deadline = timezone.now() + dt.timedelta(seconds=30)
            while not closed and timezone.now() < deadline:
                with contextlib.suppress(ValidationError):
                    closed.append(auction_close(auction=Auction.objects.get(pk=auction.pk), by=operator))
        finally:
            stop.set()

    _, late_errors = run_in_parallel(4, late_bidder, alongside=close_meanwhile)
    assert late_errors == []
    assert Bid.objects.filter(auction=auction, is_winning=True).count() == 1
    closed = closed[0]
    closed.refresh_from_db()
    assert not Bid.objects.filter(auction=auction, placed_at__gte=closed.ends_at).exists()
    top = Bid.objects.filter(auction=auction).order_by("-amount").first()
    assert top.is_winning
