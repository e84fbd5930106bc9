"""Listed trading in the action bar: a listing is a detail-page record (its 挂牌方 answers
consultations); an achievement or patent that is listed now links to its listing."""

from django.utils.translation import gettext as _

from core.actions import Action, register_action
from core.records import register_record

from .models import Listing
from .services import LIVE, listings_of_patent, listings_visible


def listed_action(request, record):
    from catalog.models import Achievement
    from patents.models import Patent

    if isinstance(record, Achievement):
        listing = listings_visible().filter(achievement=record, status__in=LIVE).first()
    elif isinstance(record, Patent):
        listing = listings_of_patent(record).first()
    else:
        return None
    if listing is None:
        return None
    return Action("listings.listed", _("查看挂牌交易"), listing.get_absolute_url(), primary=True)


def register() -> None:
    register_record(
        Listing,
        visible=lambda user: Listing.objects.all(),
        owner=lambda listing: (listing.owner_org, None),
        interactive=lambda listing: listing.status in LIVE,
    )
    register_action("listings.listed", listed_action, order=20)
