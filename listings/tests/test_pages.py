"""Issue 16, listing pages: the owner's listing form (each price model, auction terms in the same
transaction), deposits recorded by operators, who sees interests and deposits, the achievement's
panel linking to its listing — with who must NOT act and nothing half-written on bad input."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.models import Auction, Deposit, Listing
from listings.services import interest_express

pytestmark = pytest.mark.django_db


def _form(**extra):
    today = timezone.localdate()
    data = {
        "title": "固态电解质专利许可",
        "offer": "licence",
        "pricing": "negotiable",
        "publicity_start": today.isoformat(),
        "publicity_end": (today + dt.timedelta(days=9)).isoformat(),
        "patent_numbers": "ZL202310000000.1",
    }
    data.update(extra)
    return data


def _auction_terms(days=11, **extra):
    start = timezone.localtime() + dt.timedelta(days=days)
    return {
        "pricing": "english",
        "starting_price": "100",
        "increment": "5",
        "deposit": "10",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "extension_window": "5",
        "extension": "10",
        **extra,
    }


def test_owner_lists_with_each_price_model(client, owner, owner_org):
    client.force_login(owner)
    assert client.get(reverse("listings:new")).status_code == 200
    r = client.post(reverse("listings:new"), _form(owner_org=owner_org.pk))
    assert r.status_code == 302 and Listing.objects.get().price_model == "negotiable"
    r = client.post(reverse("listings:new"), _form(owner_org=owner_org.pk, pricing="asking"))
    assert r.status_code == 200 and "挂牌价方式须填写挂牌价" in r.content.decode()
    r = client.post(reverse("listings:new"), _form(owner_org=owner_org.pk, title="英式", **_auction_terms()))
    assert r.status_code == 302
    auction = Auction.objects.get(listing__title="英式")
    assert auction.kind == "english" and auction.deposit == Decimal("10.00") and auction.extension == 10
    r = client.post(
        reverse("listings:new"), _form(owner_org=owner_org.pk, title="密封", **_auction_terms(pricing="sealed"))
    )
    assert r.status_code == 302 and Auction.objects.get(listing__title="密封").kind == "sealed"


def test_bad_listing_writes_nothing(client, owner, owner_org, make_org):
    client.force_login(owner)
    # The auction may not open during 公示: the listing is not written either (one transaction).
    r = client.post(reverse("listings:new"), _form(owner_org=owner_org.pk, **_auction_terms(days=3)))
    assert r.status_code == 200 and "公示期" in r.content.decode()
    # Auction terms missing; a 公示 period under 5 days; garbage amounts and dates.
    r = client.post(reverse("listings:new"), _form(owner_org=owner_org.pk, pricing="sealed"))
    assert "竞价挂牌须填写此项" in r.content.decode()
    short = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    assert (
        "公示期不少于 5 天"
        in client.post(reverse("listings:new"), _form(owner_org=owner_org.pk, publicity_end=short)).content.decode()
    )
    r = client.post(
        reverse("listings:new"), _form(owner_org=owner_org.pk, publicity_end="x", **_auction_terms(starting_price="-1"))
    )
    assert r.status_code == 200
    # Another organisation is not offered: listing in its name is refused.
    other = make_org(name="别家研究院", kind="institute")
    r = client.post(reverse("listings:new"), _form(owner_org=other.pk))
    assert r.status_code == 200
    assert not Listing.objects.exists() and not Auction.objects.exists()


def test_listing_needs_an_organisation(client, make_user):
    client.force_login(make_user(name="散户"))
    assert client.get(reverse("listings:new")).status_code == 403
    client.logout()
    assert client.get(reverse("listings:new")).status_code == 302


def test_deposits_by_operators_and_who_sees_parties(client, auction, bidders, owner, operator, make_org, make_user):
    listing = auction.listing
    Deposit.objects.all().delete()
    (a_org, a), (b_org, b), _c = bidders
    interest_express(listing=listing, by=a, org=a_org, note="拟受让")
    url = reverse("listings:deposit", args=[listing.pk])
    today = timezone.localdate().isoformat()
    client.force_login(a)  # a bidder cannot record its own deposit
    assert client.post(url, {"org": a_org.pk, "amount": "10", "paid_on": today}).status_code == 403
    client.force_login(owner)
    assert client.post(url, {"org": a_org.pk, "amount": "10", "paid_on": today}).status_code == 403
    assert not Deposit.objects.exists()
    client.force_login(operator)
    client.post(url, {"org": a_org.pk, "amount": "5", "paid_on": today})  # below the auction's 10
    client.post(url, {"org": b_org.pk, "amount": "10", "paid_on": today})  # no interest registered
    assert not Deposit.objects.exists()
    client.post(url, {"org": a_org.pk, "amount": "10", "paid_on": today})
    assert Deposit.objects.get().org == a_org
    # Who registered interest and paid a deposit: the owner and operators, not bidders or visitors.
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "拟受让" in page and 'id="deposit-form"' in page
    client.force_login(owner)
    assert "拟受让" in client.get(listing.get_absolute_url()).content.decode()
    for viewer in (b, None):
        if viewer:
            client.force_login(viewer)
        else:
            client.logout()
        page = client.get(listing.get_absolute_url()).content.decode()
        assert "拟受让" not in page and 'id="deposits"' not in page and 'id="deposit-form"' not in page


def test_achievement_page_links_to_its_listing(client, owner, owner_org, make_record, make_user):
    from catalog.models import Achievement
    from listings.services import listing_create

    record = make_record(Achievement, owner_org=owner_org, title="钠离子电池正极材料")
    client.force_login(owner)
    page = client.get(record.get_absolute_url()).content.decode()
    assert reverse("listings:new") + f"?achievement={record.pk}" in page
    assert client.get(reverse("listings:new") + f"?achievement={record.pk}").status_code == 200
    today = timezone.localdate()
    listing = listing_create(
        by=owner, owner_org=owner_org, title="钠电正极材料转让", offer="sale", price_model="negotiable",
        achievement=record, publicity_start=today, publicity_end=today + dt.timedelta(days=7),
    )  # fmt: skip
    client.logout()
    page = client.get(record.get_absolute_url()).content.decode()
    assert listing.get_absolute_url() in page and "挂牌转让或许可" not in page
    assert record.get_absolute_url() in client.get(listing.get_absolute_url()).content.decode()


def test_running_auction_numbers_bidders_without_their_ids(client, auction, bidders, make_user):
    """Found trying the demo: bidders were shown as "竞买方 #<organisation id>", and the organisation
    page at that id names the bidder. They are numbered 1, 2 … in the order of their first bid."""
    from listings.services import bid_place

    (a_org, a), (b_org, b), _c = bidders
    bid_place(auction=auction, by=b, org=b_org, amount=Decimal("100"))
    bid_place(auction=auction, by=a, org=a_org, amount=Decimal("105"))
    client.force_login(make_user(name="旁观者"))
    page = client.get(reverse("listings:detail", args=[auction.listing.pk])).content.decode()
    # Highest bid first: a (the second to bid) then b (the first); ids would read a_org.pk, b_org.pk.
    assert re.findall(r"竞买方 #(\d+)<", page) == ["2", "1"]
    assert a_org.name not in page and b_org.name not in page


def test_closed_auction_names_the_winner_but_not_the_losing_bidders(client, auction, bidders, operator, make_user):
    """Try-out: once an auction closed, its page named every bidder and bid to anonymous visitors,
    the losing ones included. The result names the winner (成交公告); a losing bidder stays
    竞买方 #n except for the seller's side, operators and the bidder itself."""
    from listings.services import auction_close, bid_place

    (a_org, a), (b_org, b), _c = bidders
    bid_place(auction=auction, by=b, org=b_org, amount=Decimal("100"))
    bid_place(auction=auction, by=a, org=a_org, amount=Decimal("105"))
    auction_close(auction=auction, by=operator, now=auction.ends_at + dt.timedelta(seconds=1))
    url = reverse("listings:detail", args=[auction.listing.pk])
    for viewer in (None, make_user(name="旁观者")):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        page = client.get(url).content.decode()
        assert a_org.name in page  # the winner
        assert b_org.name not in page and "竞买方 #1<" in page  # the losing bidder, by number
    client.force_login(b)
    assert b_org.name in client.get(url).content.decode()  # its own bid
    client.force_login(operator)
    page = client.get(url).content.decode()
    assert a_org.name in page and b_org.name in page


def test_bidder_with_a_deposit_is_not_asked_to_pay_it(client, auction, bidders, make_org, make_user):
    """Found trying the demo: a bidder whose deposit was recorded (and who had bid) still read
    "参与竞价请缴纳保证金"; an organisation with interest but no deposit still reads it."""
    (a_org, a), _b, _c = bidders
    interest_express(listing=auction.listing, by=a, org=a_org)
    url = reverse("listings:detail", args=[auction.listing.pk])
    client.force_login(a)
    page = client.get(url).content.decode()
    assert "本机构已登记意向" in page and "参与竞价请缴纳保证金" not in page
    late_org = make_org(name="后来企业", kind="enterprise")
    late = make_user(name="后来者", org=late_org)
    interest_express(listing=auction.listing, by=late, org=late_org)
    client.force_login(late)
    assert "参与竞价请缴纳保证金" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "written",
    [
        "ZL202110000002.0",  # the patent number as owners write it (application number with ZL)
        "202110000002.0；CN 119000001 B",  # application number among others
        "CN 114000002 A",  # the same serial under the application's kind code, spaced
        "ＣＮ１１４０００００２Ｂ",  # full width
    ],
)
def test_patent_page_links_to_its_listing_by_either_number(client, owner_org, make_user, make_org, written):
    """The patent page's 查看挂牌交易 finds a live listing however its patent number is written —
    publication or application number (the matcher of the achievements citing a patent)."""
    from patents.models import Patent
    from patents.services.importing import import_rows

    import_rows(
        [(1, {"publication_number": "CN114000002B", "application_number": "202110000002.0", "title": "一种电堆"})],
        source="test",
    )
    patent = Patent.objects.get(publication_number="CN114000002B")
    assert patent.application_number == "202110000002.0"
    today = timezone.localdate()
    listing = Listing.objects.create(
        title="电堆专利包",
        owner_org=owner_org,
        offer="sale",
        price_model="negotiable",
        publicity_start=today,
        publicity_end=today + dt.timedelta(days=10),
        patent_numbers=written,
    )
    other = Listing.objects.create(
        title="另一专利",
        owner_org=owner_org,
        offer="sale",
        price_model="negotiable",
        publicity_start=today,
        publicity_end=today + dt.timedelta(days=10),
        patent_numbers="CN114000003B",  # a neighbouring serial: not this patent
    )
    page = client.get(patent.get_absolute_url()).content.decode()
    assert listing.get_absolute_url() in page and other.get_absolute_url() not in page


def test_patent_page_never_links_a_listing_the_visitor_may_not_see(client, owner_org, owner, operator):
    """Withdrawn (已撤牌) listings are seen by nobody and closed ones are no longer live: the patent
    page shows no link to them — not to a visitor, the owner's member or an operator — and nothing
    that counts them."""
    from patents.models import Patent
    from patents.services.importing import import_rows

    import_rows(
        [(1, {"publication_number": "CN114000002B", "application_number": "202110000002.0", "title": "一种电堆"})],
        source="test",
    )
    patent = Patent.objects.get(publication_number="CN114000002B")
    today = timezone.localdate()
    common = dict(owner_org=owner_org, offer="sale", price_model="negotiable", publicity_start=today)
    withdrawn = Listing.objects.create(
        title="已撤专利包",
        publicity_end=today + dt.timedelta(days=10),
        patent_numbers="ZL202110000002.0",
        status=Listing.Status.WITHDRAWN,
        **common,
    )
    closed = Listing.objects.create(
        title="已成交专利包",
        publicity_end=today + dt.timedelta(days=10),
        patent_numbers="ZL202110000002.0",
        status=Listing.Status.CLOSED,
        **common,
    )
    for user in (None, owner, operator):
        client.logout()
        if user is not None:
            client.force_login(user)
        page = client.get(patent.get_absolute_url()).content.decode()
        assert withdrawn.get_absolute_url() not in page and closed.get_absolute_url() not in page
        assert "查看挂牌交易" not in page
    live = Listing.objects.create(
        title="在挂专利包",
        publicity_end=today + dt.timedelta(days=10),
        patent_numbers="CN114000002B",
        **common,
    )
    page = client.get(patent.get_absolute_url()).content.decode()
    assert live.get_absolute_url() in page and withdrawn.get_absolute_url() not in page


def test_the_listing_list_hides_withdrawn_listings_from_everyone(client, owner_org, owner, operator):
    """``services.listings_visible`` took a viewer it never read: the rule (no withdrawn listing)
    is the same for a visitor, the owner's member and an operator, so it takes none now; none of
    them sees a withdrawn listing in the list."""
    import inspect

    from listings import services

    assert not inspect.signature(services.listings_visible).parameters
    assert list(inspect.signature(services.listings_of_patent).parameters) == ["patent"]
    today = timezone.localdate()
    common = dict(
        owner_org=owner_org,
        offer="sale",
        price_model="negotiable",
        publicity_start=today,
        publicity_end=today + dt.timedelta(days=10),
    )
    live = Listing.objects.create(title="在挂的电堆专利包", **common)
    withdrawn = Listing.objects.create(title="撤回的电堆专利包", status=Listing.Status.WITHDRAWN, **common)
    for user in (None, owner, operator):
        client.logout()
        if user is not None:
            client.force_login(user)
        page = client.get(reverse("listings:list")).content.decode()
        assert live.title in page and withdrawn.title not in page, user
