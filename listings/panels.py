"""The listing panel on an achievement's detail page (registered with catalog.panels): the record's
listings with their state and a link, and for the owner's members a link to list it."""

from catalog.models import Achievement
from catalog.models.base import Status

from . import services
from .models import Listing


def record_panel(request, record):
    if not isinstance(record, Achievement):
        return None
    user = request.user
    listings = list(services.listings_visible().filter(achievement=record).order_by("-created_at")[:5])
    may_list = (
        record.status == Status.PUBLISHED
        and user.is_authenticated
        and (record.owner_org_id in user.organisation_ids() or user.has_role("operator"))
    )
    if not listings and not may_list:
        return None
    labels = dict(Listing.Status.choices)
    rows = [(item, labels[services.listing_status(item)]) for item in listings]
    return "listings/_record_panel.html", {"rows": rows, "may_list": may_list, "record": record}
