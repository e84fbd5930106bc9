"""Deals in the action bar: a published achievement or demand opens a deal with its owner."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from core.actions import Action


def open_deal_action(request, record):
    from catalog.models import Achievement, Demand
    from catalog.models.base import Status

    if not isinstance(record, Achievement | Demand) or record.status != Status.PUBLISHED:
        return None
    if not request.user.is_authenticated:
        return None  # the deals panel below offers 登录后发起对接
    if record.owner_org_id and record.owner_org_id in request.user.organisation_ids():
        return None
    kind = "demands" if isinstance(record, Demand) else "achievements"
    url = reverse("deals:open") + "?" + urlencode({"from_kind": kind, "from_id": record.pk})
    return Action("deals.open", _("发起对接"), url, primary=True)
