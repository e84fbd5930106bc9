"""Demo listings (挂牌交易), each titled （演示）: three in 公示 (asking price, 面议, an English auction
set for after the period), one English auction running with bids, and one closed auction whose
result became a deal with a draft contract (not registered: no demo figure enters the statistics).

The listed achievements are the placeholder team's published demo records; the second bidder is a
made-up enterprise with its own demo login."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.demo import register_demo

BIDDER_ORG = "示例电池材料有限公司（演示）"
BIDDER_EMAIL = "bidder@demo.qcy"


def _bidder(operator):
    from accounts.demo import DEMO_PASSWORD
    from accounts.models import Membership, Organisation, User

    org, _created = Organisation.objects.get_or_create(
        name=BIDDER_ORG,
        defaults={
            "kind": Organisation.Kind.ENTERPRISE,
            "description": "演示用虚构企业，用于展示挂牌竞价，不对应任何真实企业。",
            "verification_status": Organisation.Verification.VERIFIED,
            "verification_note": "演示数据",
            "verified_by": operator,
            "verified_at": timezone.now(),
        },
    )
    user = User.objects.filter(email=BIDDER_EMAIL).first() or User.objects.create_user(
        email=BIDDER_EMAIL, password=DEMO_PASSWORD, name="竞买企业用户（演示）"
    )
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": Membership.Role.ADMIN})
    return org, user


@register_demo("listings", order=85)
def load(context, stdout):
    from accounts.demo import DEMO_PASSWORD
    from catalog.models import Achievement

    from .models import Listing
    from .services import auction_close, bid_place, deposit_record, interest_express, listing_create

    operator, team, enterprise = context.get("operator"), context.get("demo_team"), context.get("demo_enterprise")
    researcher, company_user = context.get("researcher"), context.get("enterprise_user")
    if not all((operator, team, enterprise, researcher, company_user)):
        stdout.write("    listings: skipped, the accounts demo did not run")
        return
    bidder_org, bidder = _bidder(operator)
    context["logins"].append(("竞买企业（挂牌竞价演示）", BIDDER_EMAIL, DEMO_PASSWORD))
    records = list(Achievement.objects.published().filter(owner_org=team).order_by("id")[:5])
    if len(records) < 5:
        stdout.write("    listings: skipped, the demo achievements are missing")
        return
    today, now = timezone.localdate(), timezone.now()
    day = dt.timedelta(days=1)

    def auction(kind, starts, ends, start_price, deposit=Decimal("5")):
        return {
            "kind": kind,
            "starting_price": start_price,
            "increment": Decimal("2"),
            "deposit": deposit,
            "starts_at": starts,
            "ends_at": ends,
            "extension_window": 5,
            "extension": 5,
        }

    specs = [
        ("（演示）专利实施许可 · 挂牌价", "licence", "asking", Decimal("80"), -3, 7, None),
        ("（演示）技术转让 · 面议", "sale", "negotiable", None, -1, 9, None),
        ("（演示）专利包转让 · 公示后增价拍卖", "sale", "auction", None, -2, 5,
         auction("english", now + 7 * day, now + 9 * day, Decimal("60"))),
        ("（演示）技术许可 · 增价拍卖进行中", "licence", "auction", None, -20, -6,
         auction("english", now - 2 * day, now + 3 * day, Decimal("50"))),
        ("（演示）专利权转让 · 已成交", "sale", "auction", None, -40, -26,
         auction("english", now - 20 * day, now - 18 * day, Decimal("100"))),
    ]  # fmt: skip
    created = 0
    for record, (title, offer, price_model, asking, start, end, terms) in zip(records, specs, strict=True):
        if Listing.objects.filter(title=title).exists():
            continue
        listing = listing_create(
            by=researcher,
            owner_org=team,
            title=title,
            offer=offer,
            price_model=price_model,
            asking_price=asking,
            achievement=record,
            description=f"演示挂牌：{record.title}",
            publicity_start=today + start * day,
            publicity_end=today + end * day,
            auction=terms,
        )
        created += 1
        interest_express(listing=listing, by=company_user, org=enterprise, note="（演示）有意受让，希望了解中试数据")
        if terms is None or terms["starts_at"] > now:
            continue
        a = listing.auction
        interest_express(listing=listing, by=bidder, org=bidder_org)
        for org in (enterprise, bidder_org):
            deposit_record(auction=a, by=operator, org=org, amount=a.deposit, paid_on=today - 19 * day)
        opened = terms["starts_at"]
        bid_place(auction=a, by=bidder, org=bidder_org, amount=a.starting_price, now=opened + dt.timedelta(hours=2))
        bid_place(
            auction=a, by=company_user, org=enterprise, amount=a.starting_price + 6, now=opened + dt.timedelta(hours=5)
        )
        if terms["ends_at"] < now:
            bid_place(
                auction=a, by=bidder, org=bidder_org, amount=a.starting_price + 10, now=opened + dt.timedelta(hours=9)
            )
            bid_place(
                auction=a,
                by=company_user,
                org=enterprise,
                amount=a.starting_price + 28,
                now=opened + dt.timedelta(hours=30),
            )
            auction_close(auction=a, by=operator, now=terms["ends_at"] + dt.timedelta(minutes=1))
    stdout.write(f"    listings: {created} new demo listings (one running auction, one closed into a deal)")
