"""Listing pages: the public list and detail (公示, price, auction state, result), the owner's
listing form, interest, deposits (operators), bids, closing the auction (operators). Sealed bids
stay hidden from everyone but their bidder until the close; who registered interest and who paid a
deposit are shown to the owner and operators only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.forms import form_service
from core.http import error_text, post_action
from deals.access import can_view_deal

from . import services
from .forms import AUCTION_FIELDS, DepositForm, ListingForm
from .models import Auction, Listing


def listing_list(request):
    listings = services.listings_visible().select_related("owner_org")[:200]
    rows = [(item, services.listing_status(item)) for item in listings]
    may_list = request.user.is_authenticated and bool(
        request.user.organisation_ids() or request.user.has_role("operator")
    )
    return render(
        request, "listings/list.html", {"rows": rows, "statuses": dict(Listing.Status.choices), "may_list": may_list}
    )


@login_required
def listing_new(request):
    """An owner lists an achievement or patent: offer, price model (asking price, 面议, English
    auction with deadline and anti-sniping, sealed bid), deposit, 公示 period."""
    if not (request.user.organisation_ids() or request.user.has_role("operator")):
        raise PermissionDenied(_("请先加入机构，再以机构名义挂牌。"))
    initial = {}
    achievement_id = request.GET.get("achievement", "")
    if achievement_id.isdigit():
        initial["achievement"] = int(achievement_id)
    form = ListingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "GET" and "achievement" in initial:
        record = form.fields["achievement"].queryset.filter(pk=initial["achievement"]).first()
        if record is not None:
            form.initial.update({"title": record.title, "owner_org": record.owner_org_id})
    if request.method == "POST" and form.is_valid():
        done = form_service(form, lambda: services.listing_create(by=request.user, **form.service_kwargs()))
        if done:
            messages.success(request, _("已挂牌，公示期内可登记意向。"))
            return redirect(done.value.get_absolute_url())
    return render(request, "listings/form.html", {"form": form, "auction_fields": AUCTION_FIELDS})


def listing_detail(request, pk: int):
    listing = get_object_or_404(Listing.objects.select_related("owner_org", "achievement"), pk=pk)
    auction = Auction.objects.filter(listing=listing).first()
    user = request.user
    my_orgs = (
        Organisation.objects.filter(pk__in=user.organisation_ids()).exclude(pk=listing.owner_org_id)
        if user.is_authenticated
        else Organisation.objects.none()
    )
    is_operator = user.is_authenticated and user.has_role("operator")
    may_see_parties = is_operator or (user.is_authenticated and listing.owner_org_id in user.organisation_ids())
    bids, my_bids = [], []
    if auction is not None:
        if auction.kind == Auction.Kind.ENGLISH or auction.status != Auction.Status.SCHEDULED:
            bids = list(auction.bids.select_related("org")[:50])
            # Before the close bidders are shown by number, in the order of their first bid: never by
            # the organisation's id, which /accounts/organisations/<id>/ turns into its name.
            numbers: dict[int, int] = {}
            for org_id in auction.bids.order_by("placed_at", "pk").values_list("org_id", flat=True):
                numbers.setdefault(org_id, len(numbers) + 1)
            # After the close the result names the winner (成交公告); a losing bidder stays a number
            # for everyone but the seller, operators and the bidder itself.
            closed = auction.status != Auction.Status.SCHEDULED
            # The same organisations as ``my_orgs``, from the user's cached ids (no second query).
            mine = user.organisation_ids() - {listing.owner_org_id} if user.is_authenticated else set()
            for b in bids:
                b.bidder_no = numbers[b.org_id]
                b.named = (closed and (b.is_winning or may_see_parties)) or b.org_id in mine
        if user.is_authenticated:
            my_bids = list(auction.bids.filter(org__in=my_orgs))
    return render(
        request,
        "listings/detail.html",
        {
            "listing": listing,
            "status": services.listing_status(listing),
            "status_label": dict(Listing.Status.choices)[services.listing_status(listing)],
            "auction": auction,
            "bids": bids,
            "my_bids": my_bids,
            "my_orgs": my_orgs,
            "price": services.current_price(auction) if auction and auction.kind == Auction.Kind.ENGLISH else None,
            "minimum": services.minimum_bid(auction) if auction else None,
            "is_operator": is_operator,
            "phase": _phase(auction),
            "may_see_parties": may_see_parties,
            "interests": listing.interests.select_related("org") if may_see_parties else [],
            "deposits": auction.deposits.select_related("org") if auction and may_see_parties else [],
            "deposit_form": DepositForm(listing=listing, initial={"amount": auction.deposit})
            if auction and is_operator and auction.status == Auction.Status.SCHEDULED
            else None,
            "deal_visible": bool(auction and auction.deal_id and can_view_deal(user, auction.deal)),
            "my_interest": listing.interests.filter(org__in=my_orgs).exists() if user.is_authenticated else False,
            "my_deposit": bool(auction and user.is_authenticated and auction.deposits.filter(org__in=my_orgs).exists()),
        },
    )


def _phase(auction) -> str:
    """What a scheduled auction is doing now: 待开拍, 竞价中, or 已截止 waiting for the result."""
    if auction is None or auction.status != Auction.Status.SCHEDULED:
        return auction.get_status_display() if auction else ""
    now = timezone.now()
    if now < auction.starts_at:
        return _("待开拍")
    return _("竞价中") if now < auction.ends_at else _("已截止，待公布结果")


def _org(request):
    org_id = request.POST.get("org", "")
    if not org_id.isdigit() or int(org_id) not in request.user.organisation_ids():
        raise PermissionDenied(_("请选择本机构。"))
    return Organisation.objects.get(pk=int(org_id))


@login_required
@require_POST
def interest_post(request, pk: int):
    listing = get_object_or_404(Listing, pk=pk)
    return post_action(
        request,
        lambda: services.interest_express(
            listing=listing, by=request.user, org=_org(request), note=request.POST.get("note", "")
        ),
        to=listing.get_absolute_url(),
        success=_("已登记意向。"),
        flash_denied=True,
    )


@login_required
@require_POST
def bid_post(request, pk: int):
    listing = get_object_or_404(Listing, pk=pk)
    auction = get_object_or_404(Auction, listing=listing)
    return post_action(
        request,
        lambda: services.bid_place(
            auction=auction, by=request.user, org=_org(request), amount=request.POST.get("amount")
        ),
        to=listing.get_absolute_url(),
        success=lambda bid: _("出价已提交：%(a)s 万元。") % {"a": bid.amount},
        flash_denied=True,
    )


@login_required
@require_POST
def auction_close(request, pk: int):
    listing = get_object_or_404(Listing, pk=pk)
    auction = get_object_or_404(Auction, listing=listing)
    try:
        auction = services.auction_close(auction=auction, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return redirect(listing.get_absolute_url())
    if auction.deal_id:
        messages.success(request, _("拍卖已成交，已生成对接和合同草稿。"))
        return redirect(auction.deal.get_absolute_url())
    messages.info(request, _("拍卖流拍。"))
    return redirect(listing.get_absolute_url())


@login_required
@require_POST
def deposit_post(request, pk: int):
    """Operators record a bidder's deposit once it has arrived."""
    listing = get_object_or_404(Listing, pk=pk)
    auction = get_object_or_404(Auction, listing=listing)
    if not request.user.has_role("operator"):
        raise PermissionDenied(_("保证金由平台运营人员核实登记。"))
    return post_action(
        request,
        lambda org, amount, paid_on: services.deposit_record(
            auction=auction, by=request.user, org=org, amount=amount, paid_on=paid_on
        ),
        form=DepositForm(request.POST, listing=listing),
        invalid=lambda form: "；".join(m for errors in form.errors.values() for m in errors),
        success=lambda deposit: _("已登记保证金：%(o)s %(a)s 万元。") % {"o": deposit.org, "a": deposit.amount},
        to=listing.get_absolute_url() + "#auction",
        flash_denied=True,
    )
