"""Listing, interest, auctions, deposits, bids and the result → deal → draft contract.

Bids are placed under a row lock on the auction (SELECT ... FOR UPDATE): each bid sees the
previous one and the current end time, so no two bids at the same price both lead, no bid is
accepted after the close, and the close picks exactly one winner (a partial unique index on
``is_winning`` backs it in the database). Rules: English auction — each bid at least the current
price plus the increment (the first at least the starting price); a bid in the last
``extension_window`` minutes extends the end to ``extension`` minutes after it (anti-sniping).
Sealed bid — one bid per bidder, not shown to anyone else until the close; the highest wins, the
earliest among equals. The reserve price, when set, must be reached or the auction fails (流拍).
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation

from .models import Auction, Bid, Deposit, Interest, Listing


def _money(value, field) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("请填写金额（万元）。")}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: _("金额不能为负。")})
    return amount


def _member(user, org: Organisation) -> bool:
    return user.is_authenticated and org.pk in user.organisation_ids()


LIVE = (Listing.Status.PUBLICITY, Listing.Status.OPEN)  # stored states a listing can still be taken up in


def listings_visible():
    """The listings anyone may see: every listing but the withdrawn (已撤牌) ones. The rule is the
    same for visitors, members, the listing's owner and operators, so it takes no viewer (the list
    page, an achievement's panel, a patent's link)."""
    return Listing.objects.exclude(status=Listing.Status.WITHDRAWN)


def listings_of_patent(patent):
    """The live (公示中 / 挂牌中) listings (visible to anyone: ``listings_visible``) whose patent
    numbers name ``patent``, newest first: by publication number of any kind code or by application / ZL number, however
    written — patents.selectors.ids_naming, the matcher of the achievements citing a patent."""
    from patents.selectors import ids_naming

    visible = listings_visible().filter(status__in=LIVE)
    return visible.filter(pk__in=ids_naming(patent, visible)).order_by("-created_at", "-id")


def listing_status(listing: Listing, today: dt.date | None = None) -> str:
    """公示中 until the publicity period ends, then 挂牌中 (unless closed or withdrawn)."""
    today = today or timezone.localdate()
    if listing.status == Listing.Status.PUBLICITY and today > listing.publicity_end:
        return Listing.Status.OPEN
    return listing.status


@transaction.atomic
def listing_create(
    *,
    by,
    owner_org: Organisation,
    title: str,
    offer: str,
    price_model: str,
    publicity_start,
    publicity_end,
    asking_price=None,
    achievement=None,
    patent_numbers="",
    description="",
    auction: dict | None = None,
) -> Listing:
    """An owner (a member of the organisation) or an operator lists an achievement or patent.

    Amounts in 万元; the 公示 period lasts at least 5 days. ``auction`` (for the auction price model)
    holds the owner's auction terms, the keyword arguments of ``auction_create`` less listing/by:
    the auction is scheduled with the listing in one transaction (bidding opens only after 公示).
    Raises PermissionDenied, ValidationError (field → Chinese message); nothing is written on error."""
    if not (_member(by, owner_org) or by.has_role("operator")):
        raise PermissionDenied(_("只能以本机构名义挂牌。"))
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("请填写挂牌名称。")
    if offer not in Listing.Offer.values:
        errors["offer"] = _("请选择交易方式。")
    if price_model not in Listing.PriceModel.values:
        errors["price_model"] = _("请选择定价方式。")
    if price_model == Listing.PriceModel.ASKING and asking_price in (None, ""):
        errors["asking_price"] = _("挂牌价方式须填写挂牌价。")
    dates = isinstance(publicity_start, dt.date) and isinstance(publicity_end, dt.date)
    if dates and publicity_end < publicity_start:
        errors["publicity_end"] = _("公示截止不能早于公示开始。")
    elif dates and (publicity_end - publicity_start).days < 4:
        errors["publicity_end"] = _("公示期不少于 5 天。")
    if achievement is not None and achievement.owner_org_id not in (None, owner_org.pk):
        errors["achievement"] = _("只能挂牌本机构的科技成果。")
    if auction is not None and price_model != Listing.PriceModel.AUCTION:
        errors["price_model"] = _("只有竞价挂牌可以设置拍卖条件。")
    if not isinstance(publicity_start, dt.date) or not isinstance(publicity_end, dt.date):
        errors["publicity_end"] = _("请填写公示期。")
    if errors:
        raise ValidationError(errors)
    listing = Listing.objects.create(
        title=title.strip(),
        owner_org=owner_org,
        offer=offer,
        price_model=price_model,
        asking_price=_money(asking_price, "asking_price") if asking_price not in (None, "") else None,
        publicity_start=publicity_start,
        publicity_end=publicity_end,
        achievement=achievement,
        patent_numbers=patent_numbers,
        description=description,
        created_by=by,
    )
    if auction is not None:
        _auction_create(listing=listing, **auction)
    return listing


def interest_express(*, listing: Listing, by, org: Organisation, note: str = "") -> Interest:
    if not _member(by, org):
        raise PermissionDenied(_("只能以本机构名义登记意向。"))
    if org.pk == listing.owner_org_id:
        raise ValidationError({"org": _("挂牌方不能对自己的项目登记意向。")})
    if listing_status(listing) in (Listing.Status.CLOSED, Listing.Status.WITHDRAWN):
        raise ValidationError({"listing": _("该项目已结束挂牌。")})
    interest, _created = Interest.objects.get_or_create(listing=listing, org=org, defaults={"user": by, "note": note})
    return interest


@transaction.atomic
def auction_create(
    *,
    listing: Listing,
    by,
    kind: str,
    starting_price,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    increment=1,
    reserve_price=None,
    deposit=0,
    extension_window=5,
    extension=5,
) -> Auction:
    """An operator schedules the auction of a listing priced by auction; bidding starts after 公示.
    (The owner sets the terms when listing: ``listing_create(auction=...)``.)"""
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以组织拍卖。"))
    return _auction_create(
        listing=listing,
        kind=kind,
        starting_price=starting_price,
        starts_at=starts_at,
        ends_at=ends_at,
        increment=increment,
        reserve_price=reserve_price,
        deposit=deposit,
        extension_window=extension_window,
        extension=extension,
    )


def _auction_create(
    *,
    listing: Listing,
    kind: str,
    starting_price,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    increment=1,
    reserve_price=None,
    deposit=0,
    extension_window=5,
    extension=5,
) -> Auction:
    errors = {}
    if listing.price_model != Listing.PriceModel.AUCTION:
        errors["listing"] = _("该项目不是竞价挂牌。")
    if kind not in Auction.Kind.values:
        errors["kind"] = _("请选择拍卖方式。")
    if not isinstance(starts_at, dt.datetime):
        errors["starts_at"] = _("请填写开拍时间。")
    if not isinstance(ends_at, dt.datetime):
        errors["ends_at"] = _("请填写截止时间。")
    if not errors and ends_at <= starts_at:
        errors["ends_at"] = _("截止时间须晚于开拍时间。")
    if isinstance(starts_at, dt.datetime) and timezone.localtime(starts_at).date() <= listing.publicity_end:
        errors["starts_at"] = _("公示期（至 %(d)s）结束后才能开拍。") % {"d": listing.publicity_end}
    for name, value in (("extension_window", extension_window), ("extension", extension)):
        if not isinstance(value, int) or not 0 <= value <= 120:
            errors[name] = _("请填写 0 到 120 分钟。")
    if Auction.objects.filter(listing=listing).exists():
        errors["listing"] = _("该项目已安排拍卖。")
    if errors:
        raise ValidationError(errors)
    return Auction.objects.create(
        listing=listing,
        kind=kind,
        starting_price=_money(starting_price, "starting_price"),
        increment=_money(increment, "increment"),
        reserve_price=_money(reserve_price, "reserve_price") if reserve_price not in (None, "") else None,
        deposit=_money(deposit, "deposit"),
        starts_at=starts_at,
        ends_at=ends_at,
        extension_window=extension_window,
        extension=extension,
    )


def deposit_record(*, auction: Auction, by, org: Organisation, amount, paid_on: dt.date) -> Deposit:
    """An operator records a bidder's deposit (万元, at least the auction's) once it has arrived.
    Not for the owner, and not after the auction has ended. PermissionDenied, ValidationError."""
    if not by.has_role("operator"):
        raise PermissionDenied(_("保证金由平台运营人员核实登记。"))
    if org.pk == auction.listing.owner_org_id:
        raise ValidationError({"org": _("挂牌方不能参与竞价。")})
    if auction.status != Auction.Status.SCHEDULED:
        raise ValidationError({"auction": _("拍卖已结束。")})
    if not isinstance(paid_on, dt.date) or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("缴纳日期不能晚于今天。")})
    amount = _money(amount, "amount")
    if amount < auction.deposit:
        raise ValidationError({"amount": _("保证金不足（应缴 %(d)s 万元）。") % {"d": auction.deposit}})
    deposit, _created = Deposit.objects.update_or_create(
        auction=auction, org=org, defaults={"amount": amount, "paid_on": paid_on, "recorded_by": by}
    )
    return deposit


def current_price(auction: Auction) -> Decimal | None:
    top = auction.bids.order_by("-amount", "placed_at", "id").first()
    return top.amount if top else None


def minimum_bid(auction: Auction) -> Decimal:
    price = current_price(auction) if auction.kind == Auction.Kind.ENGLISH else None
    return auction.starting_price if price is None else price + auction.increment


@transaction.atomic
def bid_place(*, auction: Auction, by, org: Organisation, amount, now: dt.datetime | None = None) -> Bid:
    now = now or timezone.now()
    auction = Auction.objects.select_for_update().select_related("listing").get(pk=auction.pk)
    if not _member(by, org):
        raise PermissionDenied(_("只能以本机构名义出价。"))
    if org.pk == auction.listing.owner_org_id:
        raise ValidationError({"org": _("挂牌方不能参与竞价。")})
    if auction.status != Auction.Status.SCHEDULED or now >= auction.ends_at:
        raise ValidationError({"auction": _("拍卖已截止，不再接受出价。")})
    if now < auction.starts_at:
        raise ValidationError({"auction": _("拍卖尚未开始。")})
    if auction.deposit and not Deposit.objects.filter(auction=auction, org=org, refunded_on__isnull=True).exists():
        raise ValidationError({"deposit": _("请先缴纳保证金（%(d)s 万元）。") % {"d": auction.deposit}})
    amount = _money(amount, "amount")
    if auction.kind == Auction.Kind.SEALED and auction.bids.filter(org=org).exists():
        raise ValidationError({"amount": _("密封报价每个竞买方只能出价一次。")})
    least = minimum_bid(auction)
    if amount < least:
        raise ValidationError({"amount": _("出价不得低于 %(m)s 万元。") % {"m": least}})
    bid = Bid.objects.create(auction=auction, org=org, user=by, amount=amount, placed_at=now)
    if auction.kind == Auction.Kind.ENGLISH and auction.ends_at - now <= dt.timedelta(minutes=auction.extension_window):
        auction.ends_at = now + dt.timedelta(minutes=auction.extension)
        auction.save(update_fields=["ends_at"])
    return bid


@transaction.atomic
def auction_close(*, auction: Auction, by, now: dt.datetime | None = None) -> Auction:
    """After the end time: pick the winner (highest, earliest among equals), publish the result,
    open the deal between the owner and the winner with a draft contract at the winning price."""
    from deals.services.contracts import contract_save
    from deals.services.deals import deal_open, deal_transition

    now = now or timezone.now()
    if not by.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以结束拍卖。"))
    auction = Auction.objects.select_for_update().select_related("listing").get(pk=auction.pk)
    if auction.status != Auction.Status.SCHEDULED:
        raise ValidationError({"auction": _("拍卖已结束。")})
    if now < auction.ends_at:
        raise ValidationError({"auction": _("尚未到截止时间（%(t)s）。") % {"t": timezone.localtime(auction.ends_at)}})
    top = auction.bids.order_by("-amount", "placed_at", "id").first()
    auction.closed_at = now
    listing = auction.listing
    if top is None or (auction.reserve_price is not None and top.amount < auction.reserve_price):
        auction.status = Auction.Status.FAILED
        auction.save(update_fields=["status", "closed_at"])
        return auction
    top.is_winning = True
    top.save(update_fields=["is_winning"])
    deal = deal_open(
        by=by,
        supply_org=listing.owner_org,
        demand_org=top.org,
        title=listing.title,
        origin="achievement",
        achievement=listing.achievement,
        patent_numbers=listing.patent_numbers,
        note=_("挂牌竞价成交：%(k)s，成交价 %(a)s 万元。") % {"k": auction.get_kind_display(), "a": top.amount},
    )
    deal = deal_transition(deal=deal, action="negotiate", by=by)
    contract_save(
        deal=deal,
        by=by,
        title=_("%(t)s 技术%(o)s合同") % {"t": listing.title, "o": listing.get_offer_display()},
        contract_type="transfer" if listing.offer == Listing.Offer.SALE else "licence",
        total_amount=top.amount,
        tech_amount=top.amount,
        payment_mode="lump_sum",
    )
    auction.status = Auction.Status.CLOSED
    auction.deal = deal
    auction.save(update_fields=["status", "closed_at", "deal"])
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.CLOSED)
    Deposit.objects.filter(auction=auction, refunded_on__isnull=True).exclude(org=top.org).update(
        refunded_on=timezone.localdate()
    )
    return auction
